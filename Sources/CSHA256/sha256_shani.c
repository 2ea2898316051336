/* The module's functions are static inline in include/sha256_shani.h; this file makes SwiftPM build the target. */
#include "sha256_shani.h"
