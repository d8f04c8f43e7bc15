"""Shared timing helper of the NumPy comparison scripts (imported by them)."""
import timeit


def median_time(f, min_time=0.2, repeat=7):
    """Median seconds per call of `f`, calls batched to at least `min_time / 4`."""
    number = 1
    while True:
        t = timeit.timeit(f, number=number)
        if t >= min_time / 4 or number >= 1 << 20:
            break
        number *= 2
    times = timeit.repeat(f, number=number, repeat=repeat)
    times.sort()
    return times[len(times) // 2] / number
