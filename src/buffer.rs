//! placeholder
pub struct AlignedBuf;
