#include <tiffio.h>
#include <stdarg.h>
#include <stdio.h>
