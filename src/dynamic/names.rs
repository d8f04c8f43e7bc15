//! Operations by NumPy's names, for callers that name them in text (C,
//! Python): each lookup accepts NumPy's spelling and stridekit's own.

use crate::kernels::{BinaryOp, UnaryOp};
use crate::{Compare, Mode, Rolling};

/// `"add"`, `"subtract"`, `"multiply"`, `"divide"` (`"true_divide"`),
/// `"maximum"`, `"minimum"`, `"fmax"`, `"fmin"` (and `"sub"`, `"mul"`, `"div"`).
pub fn binary_op(name: &str) -> Option<BinaryOp> {
    let name = match name {
        "subtract" => "sub",
        "multiply" => "mul",
        "divide" | "true_divide" => "div",
        n => n,
    };
    BinaryOp::ALL.into_iter().find(|op| op.name() == name)
}

/// `"negative"`, `"absolute"`, `"sqrt"`, `"square"` (and `"neg"`, `"abs"`).
pub fn unary_op(name: &str) -> Option<UnaryOp> {
    let name = match name {
        "negative" => "neg",
        "absolute" => "abs",
        n => n,
    };
    UnaryOp::ALL.into_iter().find(|op| op.name() == name)
}

/// `"equal"`, `"not_equal"`, `"less"`, `"less_equal"`, `"greater"`,
/// `"greater_equal"` (and `==`, `!=`, `<`, `<=`, `>`, `>=`).
pub fn compare_op(name: &str) -> Option<Compare> {
    Some(match name {
        "equal" | "==" => Compare::Equal,
        "not_equal" | "!=" => Compare::NotEqual,
        "less" | "<" => Compare::Less,
        "less_equal" | "<=" => Compare::LessEqual,
        "greater" | ">" => Compare::Greater,
        "greater_equal" | ">=" => Compare::GreaterEqual,
        _ => return None,
    })
}

/// `"sum"`, `"mean"`, `"min"`, `"max"`, `"var"`, `"std"` (the last two
/// with `ddof`).
pub fn rolling_op(name: &str, ddof: usize) -> Option<Rolling> {
    Some(match name {
        "sum" => Rolling::Sum,
        "mean" => Rolling::Mean,
        "min" => Rolling::Min,
        "max" => Rolling::Max,
        "var" => Rolling::Var { ddof },
        "std" => Rolling::Std { ddof },
        _ => return None,
    })
}

/// `"full"`, `"same"`, `"valid"`.
pub fn mode(name: &str) -> Option<Mode> {
    Some(match name {
        "full" => Mode::Full,
        "same" => Mode::Same,
        "valid" => Mode::Valid,
        _ => return None,
    })
}
