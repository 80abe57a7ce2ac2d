// Fuzz target: the poem model's file (load_gpt_preset, PoemStage::load_preset), on any bytes as the
// file: the page fetches it, and the training worker sends its weights in the same format.
//   never crashes, never allocates more than the file describes in its own bytes;
//   an accepted file has the vocabulary poems.h lays out (the unknown character, the text start,
//   at least one more) and exactly the values its shape needs, and reads back the same once written;
//   a stage given it is ready (or refuses it with a reason), and writes from the empty prompt.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/gpt_preset.h"
#include "core/poem_stage.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    capiton::GptPresetFile f;
    if (!capiton::load_gpt_preset(bytes, &f)) return 0;
    FUZZ_CHECK(f.shape.vocab == static_cast<int>(f.vocab.chars.size()) && f.shape.vocab >= 3);
    FUZZ_CHECK(f.vocab.chars[capiton::kUnknownId] == capiton::kUnknownChar);
    FUZZ_CHECK(f.vocab.chars[capiton::kTextStartId] == capiton::kTextStart);
    std::uint64_t values = 0;
    for (int i = 0; i < capiton::GptParams<float>::kTensors; ++i) values += static_cast<std::uint64_t>(f.params.tensor(i).size());
    FUZZ_CHECK(values == capiton::gpt_param_count(f.shape));
    capiton::GptPresetFile again;
    FUZZ_CHECK(capiton::load_gpt_preset(capiton::gpt_preset_bytes(f), &again));
    FUZZ_CHECK(again.vocab.chars == f.vocab.chars && again.shape.d_model == f.shape.d_model);

    capiton::PoemStage stage;
    stage.begin_loading();
    const capiton::Status s = stage.load_preset(bytes);
    if (!s.ok()) {  // a file the stage cannot use (too short a context): refused with a reason
        FUZZ_CHECK(stage.status() == capiton::PoemModelStatus::Failed && !stage.error().empty());
        return 0;
    }
    FUZZ_CHECK(stage.ready());
    FUZZ_CHECK(stage.generate("", 0.0f, 1).ok());
    FUZZ_CHECK(stage.generate("", 1.0f, 7).ok());
    return 0;
}
