#ifndef OPERANDO_SHA256_SHANI_H
#define OPERANDO_SHA256_SHANI_H
/* SHA-256 block compression with the x86 SHA extensions, used by Hashing.SHA256 when the CPU has
 * them (the portable path is Swift). Header-only: static inline functions. */
#include <stdint.h>
#include <stddef.h>

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

#endif
