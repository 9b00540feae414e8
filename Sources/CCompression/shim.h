// The C compression libraries Kafka record batches use, from Debian's -dev packages.
#include <zlib.h>
#include <snappy-c.h>
#include <lz4frame.h>
#include <zstd.h>

// CRC-32C with SSE 4.2's crc32 instruction, where the CPU has it (Kafka batch checksums).
#include <stddef.h>
#include <stdint.h>
#if defined(__x86_64__)
#include <cpuid.h>
static inline int evmon_crc32c_hardware_available(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    return (c >> 20) & 1;
}
__attribute__((target("sse4.2")))
static inline uint32_t evmon_crc32c_hardware(uint32_t crc, const uint8_t *data, size_t length) {
    uint64_t wide = crc;
    while (length >= 8) {
        uint64_t word;
        __builtin_memcpy(&word, data, 8);
        wide = __builtin_ia32_crc32di(wide, word);
        data += 8;
        length -= 8;
    }
    uint32_t narrow = (uint32_t)wide;
    while (length > 0) {
        narrow = __builtin_ia32_crc32qi(narrow, *data);
        data++;
        length--;
    }
    return narrow;
}
#else
static inline int evmon_crc32c_hardware_available(void) { return 0; }
static inline uint32_t evmon_crc32c_hardware(uint32_t crc, const uint8_t *data, size_t length) { return crc; }
#endif
