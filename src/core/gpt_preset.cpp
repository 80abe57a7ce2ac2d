#include "gpt_preset.h"

#include <cstdint>
#include <cstring>

#include "presets.h"
#include "tokenizer.h"

namespace capiton {

namespace {

constexpr char kMagic[8] = {'C', 'P', 'T', 'N', 'G', 'P', 'T', '1'};
constexpr int kHeaderWords = 6;

void put_u32(std::string& o, std::uint32_t v) {
    for (int k = 0; k < 4; ++k) o += static_cast<char>((v >> (8 * k)) & 0xFFu);
}
void put_u16(std::string& o, std::uint16_t v) {
    o += static_cast<char>(v & 0xFFu);
    o += static_cast<char>(v >> 8);
}

// Reads little-endian numbers from the bytes; ok turns false when they run out.
struct Reader {
    std::string_view bytes;
    std::size_t at = 0;
    bool ok = true;
    std::uint32_t get(int width) {
        if (at + static_cast<std::size_t>(width) > bytes.size()) {
            ok = false;
            return 0;
        }
        std::uint32_t v = 0;
        for (int k = 0; k < width; ++k) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at++])) << (8 * k);
        return v;
    }
};

// The shapes every tensor must have (init_gpt_params makes them).
GptParams<float> shaped(const GptShape& sh) { return init_gpt_params(sh, 0); }

}  // namespace

std::string gpt_preset_bytes(const GptPresetFile& f) {
    const GptShape& sh = f.shape;
    std::string o(kMagic, sizeof kMagic);
    for (int v : {sh.vocab, sh.context, sh.d_model, sh.heads, sh.d_ff, kGptLayers}) put_u32(o, static_cast<std::uint32_t>(v));
    std::uint32_t loss_bits;
    std::memcpy(&loss_bits, &f.held_loss, sizeof loss_bits);
    put_u32(o, loss_bits);
    std::string chars;
    for (char32_t c : f.vocab.chars) chars += utf8_of(c);
    put_u32(o, static_cast<std::uint32_t>(chars.size()));
    o += chars;
    for (int i = 0; i < GptParams<float>::kTensors; ++i) {
        const Matrix& m = f.params.tensor(i);
        for (Eigen::Index k = 0; k < m.size(); ++k) put_u16(o, half_bits(m.data()[k]));
    }
    return o;
}

bool load_gpt_preset(std::string_view bytes, GptPresetFile* out) {
    if (bytes.size() < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) return false;
    Reader r{bytes, sizeof kMagic};
    std::uint32_t h[kHeaderWords];
    for (std::uint32_t& v : h) v = r.get(4);
    constexpr std::uint32_t kLimit = 1u << 20;  // no dimension of a sane file comes near
    for (std::uint32_t v : h)
        if (!r.ok || v == 0 || v > kLimit) return false;
    const GptShape sh{static_cast<int>(h[0]), static_cast<int>(h[1]), static_cast<int>(h[2]), static_cast<int>(h[3]), static_cast<int>(h[4])};
    if (h[5] != static_cast<std::uint32_t>(kGptLayers) || sh.d_model % sh.heads != 0) return false;
    const std::uint32_t loss_bits = r.get(4);
    const std::uint32_t chars_size = r.get(4);
    if (!r.ok || r.at + chars_size > bytes.size()) return false;
    std::vector<char32_t> chars;
    for (std::size_t i = r.at; i < r.at + chars_size;) {
        char32_t c = 0;
        const int len = decode_utf8(bytes.substr(0, r.at + chars_size), i, &c);
        if (len == 0) return false;
        chars.push_back(c);
        i += static_cast<std::size_t>(len);
    }
    r.at += chars_size;
    // The vocabulary as poems.h lays it out: the unknown character and the text start, then at least
    // one character of text (make_char_vocab).
    if (chars.size() != h[0] || chars.size() < 3 || chars[kUnknownId] != kUnknownChar || chars[kTextStartId] != kTextStart) return false;
    // The length before anything is made: a header asking for a huge shape is refused here.
    if (static_cast<std::uint64_t>(bytes.size() - r.at) != 2 * gpt_param_count(sh)) return false;
    GptParams<float> q = shaped(sh);
    for (int i = 0; i < GptParams<float>::kTensors; ++i) {
        Matrix& m = q.tensor(i);
        for (Eigen::Index k = 0; k < m.size(); ++k) m.data()[k] = from_half(static_cast<std::uint16_t>(r.get(2)));
    }
    out->shape = sh;
    out->vocab = char_vocab_from(chars);
    out->params = std::move(q);
    std::memcpy(&out->held_loss, &loss_bits, sizeof loss_bits);
    return true;
}

}  // namespace capiton
