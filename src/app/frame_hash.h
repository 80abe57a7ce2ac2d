// capiton app: a 64-bit hash of bytes, to tell a frame that would draw exactly what the last one drew
// (main.cpp, heatmap_gl.cpp). Not cryptographic; two different frames share a hash with odds of 2⁻⁶⁴.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace capiton::app {

inline constexpr std::uint64_t kHashStart = 0x243f6a8885a308d3ull;

inline std::uint64_t hash_word(std::uint64_t h, std::uint64_t w) {
    h ^= w;
    h *= 0xff51afd7ed558ccdull;
    return h ^ (h >> 33);
}

inline std::uint64_t hash_bytes(std::uint64_t h, const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    std::uint64_t w = 0;
    for (; n >= 8; n -= 8, p += 8) {
        std::memcpy(&w, p, 8);
        h = hash_word(h, w);
    }
    w = 0;
    std::memcpy(&w, p, n);
    return hash_word(h, w ^ (static_cast<std::uint64_t>(n) << 56));
}

}  // namespace capiton::app
