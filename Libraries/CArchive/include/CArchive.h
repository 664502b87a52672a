#ifndef C_ARCHIVE_H
#define C_ARCHIVE_H
/* Archive formats. The bundle library reads and writes tar itself (pure Swift, strict) and uses
   libzstd's streaming API for compression; libarchive stays available as an independent reader
   (tests cross-check every packed bundle with it). */
#include <archive.h>
#include <archive_entry.h>
#include <zstd.h>
#include <zstd_errors.h>
#endif
