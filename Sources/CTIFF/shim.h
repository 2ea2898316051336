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
