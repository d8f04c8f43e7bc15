/* Calls stridekit through its C ABI on arrays this program owns — C order,
 * a transposed and a reversed view, big-endian data, a memory-mapped .npy —
 * and checks every result against a plain loop. Exits non-zero on the
 * first mismatch. Built and run by ci/capi.sh. */
#include "stridekit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond, ...)                                              \
    do {                                                              \
        if (!(cond)) {                                                \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);       \
            fprintf(stderr, __VA_ARGS__);                             \
            fprintf(stderr, " (last error: %s)\n", stridekit_last_error()); \
            failures++;                                               \
        }                                                             \
    } while (0)

#define OK(call) CHECK((call) == STRIDEKIT_OK, "%s", #call)

static StridekitArray desc(void *data, int32_t ndim, const int64_t *shape, const int64_t *strides,
                           int32_t dtype, int32_t writeable) {
    StridekitArray d = {data, ndim, shape, strides, dtype, STRIDEKIT_NATIVE, writeable};
    return d;
}

static void elementwise_and_reductions(void) {
    enum { R = 3, C = 5 };
    double a[R * C], b[R * C], out[R * C];
    for (int i = 0; i < R * C; i++) {
        a[i] = 0.5 * i - 3.0;
        b[i] = 1.0 + i % 4;
    }
    int64_t shape[2] = {R, C};
    StridekitArray da = desc(a, 2, shape, NULL, STRIDEKIT_FLOAT64, 0);
    StridekitArray db = desc(b, 2, shape, NULL, STRIDEKIT_FLOAT64, 0);
    StridekitArray dout = desc(out, 2, shape, NULL, STRIDEKIT_FLOAT64, 1);
    OK(stridekit_binary("multiply", &da, &db, &dout));
    for (int i = 0; i < R * C; i++) CHECK(out[i] == a[i] * b[i], "multiply at %d", i);

    /* The transpose of `a` (shape C x R, strides swapped) plus a row
     * broadcast with a zero stride. */
    int64_t tshape[2] = {C, R}, tstrides[2] = {8, 8 * C};
    double row[R] = {10.0, 20.0, 30.0};
    int64_t bstrides[2] = {0, 8};
    double tout[C * R];
    StridekitArray dt = desc(a, 2, tshape, tstrides, STRIDEKIT_FLOAT64, 0);
    StridekitArray drow = desc(row, 2, tshape, bstrides, STRIDEKIT_FLOAT64, 0);
    StridekitArray dtout = desc(tout, 2, tshape, NULL, STRIDEKIT_FLOAT64, 1);
    OK(stridekit_binary("add", &dt, &drow, &dtout));
    for (int i = 0; i < C; i++)
        for (int j = 0; j < R; j++)
            CHECK(tout[i * R + j] == a[j * C + i] + row[j], "transposed add at %d,%d", i, j);

    /* In place: `a = a - a` through one descriptor as input and output. */
    double c[R * C];
    memcpy(c, a, sizeof c);
    StridekitArray dc = desc(c, 2, shape, NULL, STRIDEKIT_FLOAT64, 1);
    OK(stridekit_binary("subtract", &dc, &dc, &dc));
    for (int i = 0; i < R * C; i++) CHECK(c[i] == 0.0, "in-place subtract at %d", i);

    /* Sum along axis 0 and of everything; the reversed view of a row. */
    double col[C], total;
    int64_t cshape[1] = {C};
    StridekitArray dcol = desc(col, 1, cshape, NULL, STRIDEKIT_FLOAT64, 1);
    OK(stridekit_reduce("sum", &da, 0, 0, &dcol));
    for (int j = 0; j < C; j++) {
        double s = 0;
        for (int i = 0; i < R; i++) s += a[i * C + j];
        CHECK(col[j] == s, "sum axis 0 at %d: %g vs %g", j, col[j], s);
    }
    StridekitArray dtotal = desc(&total, 0, NULL, NULL, STRIDEKIT_FLOAT64, 1);
    OK(stridekit_reduce("max", &da, STRIDEKIT_ALL_AXES, 0, &dtotal));
    CHECK(total == a[R * C - 1], "max %g", total);
    int64_t rev_shape[1] = {C}, rev_strides[1] = {-8};
    StridekitArray drev = desc(&a[C - 1], 1, rev_shape, rev_strides, STRIDEKIT_FLOAT64, 0);
    OK(stridekit_reduce("min", &drev, STRIDEKIT_ALL_AXES, 0, &dtotal));
    CHECK(total == a[0], "min of the reversed row %g", total);

    /* Integer sums are exact and int64 (NumPy's result type). */
    int32_t ints[4] = {2000000000, 2000000000, -7, 3};
    int64_t ishape[1] = {4}, isum = 0;
    StridekitArray di = desc(ints, 1, ishape, NULL, STRIDEKIT_INT32, 0);
    StridekitArray disum = desc(&isum, 0, NULL, NULL, STRIDEKIT_INT64, 1);
    OK(stridekit_reduce("sum", &di, STRIDEKIT_ALL_AXES, 0, &disum));
    CHECK(isum == 3999999996LL, "int32 sum %lld", (long long)isum);
}

static void windows_and_movement(void) {
    enum { N = 12, W = 4 };
    double x[N], roll[N - W + 1], conv[N + 2];
    for (int i = 0; i < N; i++) x[i] = (double)(i * i % 7);
    int64_t n[1] = {N}, m[1] = {N - W + 1};
    StridekitArray dx = desc(x, 1, n, NULL, STRIDEKIT_FLOAT64, 0);
    StridekitArray droll = desc(roll, 1, m, NULL, STRIDEKIT_FLOAT64, 1);
    OK(stridekit_rolling("max", &dx, 0, W, 0, &droll));
    for (int i = 0; i + W <= N; i++) {
        double best = x[i];
        for (int k = 1; k < W; k++) best = fmax(best, x[i + k]);
        CHECK(roll[i] == best, "rolling max at %d", i);
    }
    double k[3] = {1.0, -2.0, 1.0};
    int64_t kn[1] = {3}, full[1] = {N + 2};
    StridekitArray dk = desc(k, 1, kn, NULL, STRIDEKIT_FLOAT64, 0);
    StridekitArray dconv = desc(conv, 1, full, NULL, STRIDEKIT_FLOAT64, 1);
    OK(stridekit_convolve(&dx, &dk, "full", &dconv));
    for (int i = 0; i < N + 2; i++) {
        double s = 0;
        for (int j = 0; j < 3; j++)
            if (i - j >= 0 && i - j < N) s += x[i - j] * k[j];
        CHECK(conv[i] == s, "convolve at %d", i);
    }

    /* Big-endian int32 in, native out: the byte swap; then a conversion. */
    uint8_t be[4 * 3];
    int32_t want[3] = {1, -2, 70000}, native[3];
    for (int i = 0; i < 3; i++)
        for (int b = 0; b < 4; b++) be[4 * i + b] = (uint8_t)((uint32_t)want[i] >> (24 - 8 * b));
    int64_t three[1] = {3};
    StridekitArray dbe = desc(be, 1, three, NULL, STRIDEKIT_INT32, 0);
    dbe.byteorder = STRIDEKIT_BIG;
    StridekitArray dnat = desc(native, 1, three, NULL, STRIDEKIT_INT32, 1);
    OK(stridekit_byteswap(&dbe, &dnat));
    for (int i = 0; i < 3; i++) CHECK(native[i] == want[i], "byteswap at %d: %d", i, native[i]);
    float asf[3];
    StridekitArray dasf = desc(asf, 1, three, NULL, STRIDEKIT_FLOAT32, 1);
    OK(stridekit_astype(&dbe, &dasf)); /* big-endian input converts too */
    for (int i = 0; i < 3; i++) CHECK(asf[i] == (float)want[i], "astype at %d", i);

    int64_t idx[3] = {2, 0, -1};
    double picked[3];
    StridekitArray didx = desc(idx, 1, three, NULL, STRIDEKIT_INT64, 0);
    StridekitArray dpicked = desc(picked, 1, three, NULL, STRIDEKIT_FLOAT64, 1);
    OK(stridekit_take(&dx, 0, &didx, &dpicked));
    CHECK(picked[0] == x[2] && picked[1] == x[0] && picked[2] == x[N - 1], "take");
}

static void errors(void) {
    double a[4] = {1, 2, 3, 4}, out[4];
    int32_t ints[4] = {1, 2, 3, 4};
    int64_t four[1] = {4}, five[1] = {5};
    StridekitArray da = desc(a, 1, four, NULL, STRIDEKIT_FLOAT64, 0);
    StridekitArray dout = desc(out, 1, four, NULL, STRIDEKIT_FLOAT64, 1);
    StridekitArray di = desc(ints, 1, four, NULL, STRIDEKIT_INT32, 0);
    CHECK(stridekit_binary("add", &da, &di, &dout) == STRIDEKIT_ERR_TYPE, "mixed types");
    CHECK(strstr(stridekit_last_error(), "float64 and int32") != NULL, "message names the types");
    CHECK(stridekit_binary("add", &da, &da, &da) == STRIDEKIT_ERR_VALUE, "read-only output");
    CHECK(stridekit_binary("frobnicate", &da, &da, &dout) == STRIDEKIT_ERR_VALUE, "unknown op");
    CHECK(stridekit_binary("add", NULL, &da, &dout) == STRIDEKIT_ERR_VALUE, "NULL descriptor");
    StridekitArray bad = da;
    bad.dtype = 99;
    CHECK(stridekit_unary("sqrt", &bad, &dout) == STRIDEKIT_ERR_VALUE, "bad dtype code");
    bad = da;
    bad.ndim = -1;
    CHECK(stridekit_unary("sqrt", &bad, &dout) == STRIDEKIT_ERR_VALUE, "negative ndim");
    StridekitArray d5 = desc(out, 1, five, NULL, STRIDEKIT_FLOAT64, 1);
    CHECK(stridekit_unary("sqrt", &da, &d5) == STRIDEKIT_ERR_VALUE, "shape mismatch");
    int64_t zero_stride[1] = {0};
    StridekitArray dz = desc(out, 1, four, zero_stride, STRIDEKIT_FLOAT64, 1);
    CHECK(stridekit_unary("sqrt", &da, &dz) == STRIDEKIT_ERR_VALUE, "output with a zero stride");
    int64_t huge[1] = {INT64_MAX / 2};
    StridekitArray dh = desc(a, 1, huge, NULL, STRIDEKIT_FLOAT64, 0);
    CHECK(stridekit_reduce("sum", &dh, STRIDEKIT_ALL_AXES, 0, &dout) == STRIDEKIT_ERR_VALUE, "size overflow");
    int64_t idx[1] = {9};
    int64_t one[1] = {1};
    StridekitArray didx = desc(idx, 1, one, NULL, STRIDEKIT_INT64, 0);
    StridekitArray d1 = desc(out, 1, one, NULL, STRIDEKIT_FLOAT64, 1);
    CHECK(stridekit_take(&da, 0, &didx, &d1) == STRIDEKIT_ERR_INDEX, "index out of range");
    OK(stridekit_unary("sqrt", &da, &dout));
    CHECK(stridekit_last_error()[0] == '\0', "a success clears the last error");
}

static void npy_map(const char *dir) {
    char path[4096];
    snprintf(path, sizeof path, "%s/check.npy", dir);
    /* A .npy file by hand: magic, version 1.0, header padded to 128 bytes. */
    const char *dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    char header[118];
    memset(header, ' ', sizeof header);
    size_t hlen = 128 - 10;
    memcpy(header, dict, strlen(dict));
    header[hlen - 1] = '\n';
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL, "create %s", path);
    if (!f) return;
    fwrite("\x93NUMPY\x01\x00", 1, 8, f);
    uint8_t len[2] = {(uint8_t)(hlen & 0xff), (uint8_t)(hlen >> 8)};
    fwrite(len, 1, 2, f);
    fwrite(header, 1, hlen, f);
    float data[6] = {1, 2, 3, 4, 5, 6};
    fwrite(data, sizeof(float), 6, f);
    fclose(f);

    StridekitNpy *npy = NULL;
    OK(stridekit_npy_open(path, 1, &npy));
    StridekitArray d = {0};
    OK(stridekit_npy_array(npy, &d));
    if (d.data == NULL) return;
    CHECK(d.ndim == 2 && d.shape[0] == 2 && d.shape[1] == 3 && d.dtype == STRIDEKIT_FLOAT32, "npy descriptor");
    float rows[3];
    int64_t three[1] = {3};
    StridekitArray drows = desc(rows, 1, three, NULL, STRIDEKIT_FLOAT32, 1);
    OK(stridekit_reduce("sum", &d, 0, 0, &drows));
    CHECK(rows[0] == 5 && rows[1] == 7 && rows[2] == 9, "sum of the mapped file");
    OK(stridekit_unary("square", &d, &d)); /* write through the map */
    OK(stridekit_npy_close(npy));
    OK(stridekit_npy_open(path, 0, &npy));
    d.data = NULL;
    OK(stridekit_npy_array(npy, &d));
    CHECK(d.data != NULL && ((float *)d.data)[5] == 36.0f && d.writeable == 0, "the write reached the file");
    OK(stridekit_npy_close(npy));
    CHECK(stridekit_npy_open("/nonexistent/x.npy", 0, &npy) == STRIDEKIT_ERR_IO, "missing file");
}

int main(int argc, char **argv) {
    size_t need = stridekit_dispatch_report(NULL, 0);
    char *report = malloc(need + 1);
    CHECK(report && stridekit_dispatch_report(report, need + 1) == need && strlen(report) == need, "report");
    printf("stridekit from C: active ISA %s, report %zu bytes\n", stridekit_active_isa(), need);
    free(report);
    elementwise_and_reductions();
    windows_and_movement();
    errors();
    npy_map(argc > 1 ? argv[1] : ".");
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("all C ABI checks passed\n");
    return 0;
}
