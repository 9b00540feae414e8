// The C compression libraries Kafka record batches use, from Debian's -dev packages.
#include <zlib.h>
#include <snappy-c.h>
#include <lz4frame.h>
#include <zstd.h>
