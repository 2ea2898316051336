#include <tiffio.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <stddef.h>

/*
 * Small C helpers for the ImageFiles module (its only importer).
 *
 * 1. Typed wrappers around libtiff's variadic TIFFGetField, which Swift cannot call.
 * 2. Per-handle diagnostics: an error/warning handler pair (libtiff >= 4.5 TIFFOpenOptions) that
 *    formats every message into a caller-owned buffer, so errors are captured per file, never
 *    printed, and the Swift side decides which ones are fatal.
 * 3. SHA-256 block compression with the x86 SHA extensions, used by ImageFiles.SHA256 when the
 *    CPU has them (the portable path is Swift).
 */

/* MARK: - Typed tag getters (return 1 if the tag is present, 0 otherwise) */

static inline int operando_tiff_get_u16(TIFF *tif, uint32_t tag, uint16_t *value) {
    return TIFFGetField(tif, tag, value);
}
static inline int operando_tiff_get_u16_defaulted(TIFF *tif, uint32_t tag, uint16_t *value) {
    return TIFFGetFieldDefaulted(tif, tag, value);
}
static inline int operando_tiff_get_u32(TIFF *tif, uint32_t tag, uint32_t *value) {
    return TIFFGetField(tif, tag, value);
}
static inline int operando_tiff_get_u32_defaulted(TIFF *tif, uint32_t tag, uint32_t *value) {
    return TIFFGetFieldDefaulted(tif, tag, value);
}
/* XResolution / YResolution are stored as float by libtiff 4.x. */
static inline int operando_tiff_get_float(TIFF *tif, uint32_t tag, float *value) {
    return TIFFGetField(tif, tag, value);
}
/* ASCII tags (ImageDescription, Software, DateTime...): pointer owned by libtiff. */
static inline int operando_tiff_get_string(TIFF *tif, uint32_t tag, const char **value) {
    return TIFFGetField(tif, tag, value);
}

/* MARK: - Diagnostics captured per handle */

#define OPERANDO_TIFF_MESSAGE_CAPACITY 4096

typedef struct {
    int error_count;
    int warning_count;
    /* First error message, "module: text". */
    char first_error[1024];
    /* All warnings, one per line, truncated at capacity. */
    char warnings[OPERANDO_TIFF_MESSAGE_CAPACITY];
} OperandoTIFFDiagnostics;

static inline void operando_tiff_append_message(char *buffer, size_t capacity, const char *module,
                                                const char *fmt, va_list ap) {
    size_t used = strlen(buffer);
    if (used + 2 >= capacity) return;
    int n = snprintf(buffer + used, capacity - used, "%s: ", module ? module : "libtiff");
    if (n < 0) return;
    used += (size_t)n;
    if (used + 2 >= capacity) return;
    vsnprintf(buffer + used, capacity - used, fmt, ap);
    used = strlen(buffer);
    if (used + 1 < capacity) { buffer[used] = '\n'; buffer[used + 1] = 0; }
}

static int operando_tiff_error_handler(TIFF *tif, void *user_data, const char *module,
                                       const char *fmt, va_list ap) {
    (void)tif;
    OperandoTIFFDiagnostics *diagnostics = (OperandoTIFFDiagnostics *)user_data;
    if (diagnostics->error_count++ == 0) {
        diagnostics->first_error[0] = 0;
        operando_tiff_append_message(diagnostics->first_error, sizeof(diagnostics->first_error),
                                     module, fmt, ap);
    }
    return 1; /* handled: libtiff must not call the global (stderr) handler */
}

static int operando_tiff_warning_handler(TIFF *tif, void *user_data, const char *module,
                                         const char *fmt, va_list ap) {
    (void)tif;
    OperandoTIFFDiagnostics *diagnostics = (OperandoTIFFDiagnostics *)user_data;
    diagnostics->warning_count++;
    operando_tiff_append_message(diagnostics->warnings, sizeof(diagnostics->warnings), module, fmt, ap);
    return 1;
}

/* Opens `path` with `mode`, routing every error and warning into `diagnostics` and capping any
 * single libtiff allocation at `max_single_allocation` bytes (0 = libtiff's default). */
static inline TIFF *operando_tiff_open(const char *path, const char *mode,
                                       OperandoTIFFDiagnostics *diagnostics,
                                       int64_t max_single_allocation) {
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    if (!options) return NULL;
    TIFFOpenOptionsSetErrorHandlerExtR(options, operando_tiff_error_handler, diagnostics);
    TIFFOpenOptionsSetWarningHandlerExtR(options, operando_tiff_warning_handler, diagnostics);
    if (max_single_allocation > 0) TIFFOpenOptionsSetMaxSingleMemAlloc(options, (tmsize_t)max_single_allocation);
    TIFF *tif = TIFFOpenExt(path, mode, options);
    TIFFOpenOptionsFree(options);
    return tif;
}

/* MARK: - SHA-256 with the x86 SHA extensions */

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

/* 1 if the CPU has SHA-NI, SSSE3 and SSE4.1. */
static inline int operando_cpu_has_sha_extensions(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int ssse3 = (c >> 9) & 1, sse41 = (c >> 19) & 1;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return ssse3 && sse41 && ((b >> 29) & 1);
}

/* Compresses `blocks` 64-byte blocks into `state` (FIPS 180-4 §6.2.2), four rounds per step:
 * SHA256RNDS2 does two rounds on (ABEF, CDGH) packed state; SHA256MSG1/MSG2 build the schedule
 * W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16] four words at a time. `k` holds the 64
 * round constants. Only call when operando_cpu_has_sha_extensions() returned 1. */
__attribute__((target("sha,sse4.1,ssse3")))
static inline void operando_sha256_compress_shani(uint32_t state[8], const uint8_t *data,
                                                  size_t blocks, const uint32_t k[64]) {
    const __m128i byteswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
#define OPERANDO_SHA_ROUNDS(words, group)                                                     \
    message = _mm_add_epi32(words, _mm_loadu_si128((const __m128i *)&k[4 * (group)]));         \
    cdgh = _mm_sha256rnds2_epu32(cdgh, abef, message);                                          \
    abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(message, 0x0E));
    /* w16 ← W[t..t+3] from W[t-16..], W[t-12..], W[t-8..], W[t-4..] (held in w16, w12, w8, w4). */
#define OPERANDO_SHA_SCHEDULE(w16, w12, w8, w4)                                                 \
    w16 = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(w16, w12), _mm_alignr_epi8(w4, w8, 4)), w4);
    while (blocks--) {
        const __m128i abef_saved = abef, cdgh_saved = cdgh;
        __m128i message;
        __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 0)), byteswap);
        __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16)), byteswap);
        __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 32)), byteswap);
        __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 48)), byteswap);
        OPERANDO_SHA_ROUNDS(w0, 0) OPERANDO_SHA_ROUNDS(w1, 1) OPERANDO_SHA_ROUNDS(w2, 2) OPERANDO_SHA_ROUNDS(w3, 3)
        for (int group = 4; group < 16; group += 4) {
            OPERANDO_SHA_SCHEDULE(w0, w1, w2, w3) OPERANDO_SHA_ROUNDS(w0, group)
            OPERANDO_SHA_SCHEDULE(w1, w2, w3, w0) OPERANDO_SHA_ROUNDS(w1, group + 1)
            OPERANDO_SHA_SCHEDULE(w2, w3, w0, w1) OPERANDO_SHA_ROUNDS(w2, group + 2)
            OPERANDO_SHA_SCHEDULE(w3, w0, w1, w2) OPERANDO_SHA_ROUNDS(w3, group + 3)
        }
        abef = _mm_add_epi32(abef, abef_saved);
        cdgh = _mm_add_epi32(cdgh, cdgh_saved);
        data += 64;
    }
#undef OPERANDO_SHA_ROUNDS
#undef OPERANDO_SHA_SCHEDULE
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    dcba = _mm_blend_epi16(feba, dchg, 0xF0);
    hgfe = _mm_alignr_epi8(dchg, feba, 8);
    _mm_storeu_si128((__m128i *)&state[0], dcba);
    _mm_storeu_si128((__m128i *)&state[4], hgfe);
}
#else
static inline int operando_cpu_has_sha_extensions(void) { return 0; }
static inline void operando_sha256_compress_shani(uint32_t state[8], const uint8_t *data,
                                                  size_t blocks, const uint32_t k[64]) {
    (void)state; (void)data; (void)blocks; (void)k;
}
#endif
