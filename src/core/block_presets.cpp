#include "block_presets.h"

#include <cmath>
#include <cstdio>
#include <cstring>

#include "numbers.h"

namespace capiton {

namespace {

// The tensors the lesson shows: every one but the output head (W_C, b_C: the last two).
constexpr int kShown = BlockParams<float>::kTensors - 2;

struct BlockPresetData {
    int heads;
    int tensors[kShown][2];       // rows, cols of E, W_Q, …, b2
    const std::uint16_t* values;  // all of them, one after the other, row-major, as half_bits
    float early[kEarlyCount];     // the loss after each of kEarlySteps
};

#include "block_presets.inc"

const BlockPresetData* preset_data(int heads) {
    for (const BlockPresetData& d : kBlockPresetData)
        if (d.heads == heads) return &d;
    return nullptr;
}

}  // namespace

const BlockPresetRun* block_preset_run(int heads) {
    for (const BlockPresetRun& r : kBlockPresetRuns)
        if (r.heads == heads) return &r;
    return nullptr;
}

bool load_block_preset(int heads, BlockParams<float>* out, BlockTask* task, BlockShape* shape) {
    const BlockPresetData* d = preset_data(heads);
    const BlockPresetRun* r = block_preset_run(heads);
    if (!d || !r) return false;
    const std::uint16_t* v = d->values;
    for (int t = 0; t < kShown; ++t) {
        Matrix& m = out->tensor(t);
        m.resize(d->tensors[t][0], d->tensors[t][1]);
        for (Eigen::Index k = 0; k < m.size(); ++k) m.data()[k] = from_half(*v++);
    }
    out->W_C.resize(0, 0);  // load_block_classifier() (tests only)
    out->b_C.resize(0, 0);
    if (task || shape) {
        BlockTask t = block_world_task(r->seed);
        if (shape) *shape = block_world_shape(t, heads);
        if (task) *task = std::move(t);
    }
    return true;
}

bool block_preset_early_losses(int heads, float out[kEarlyCount]) {
    const BlockPresetData* d = preset_data(heads);
    if (!d) return false;
    for (int k = 0; k < kEarlyCount; ++k) out[k] = d->early[k];
    return true;
}

std::vector<HeadJob> block_preset_head_jobs(int heads, Language language) {
    BlockParams<float> p;
    BlockTask task;
    BlockShape shape;
    if (!load_block_preset(heads, &p, &task, &shape)) return {};
    std::vector<WorldSentence> held;
    for (WorldSentence& s : world_sentences(kHeadJobDraw, true, 1000))
        if (s.language == language) held.push_back(std::move(s));
    return head_jobs(p, shape, task, held);
}

std::string block_presets_source(bool classifier) {
    std::string o = std::string("// Written by scripts/make-presets from capiton::kBlockPresetRuns (src/core/block_presets.h). Do not edit.\n");
    std::string table = classifier ? "constexpr BlockClassifierData kBlockClassifierData[] = {\n" : "constexpr BlockPresetData kBlockPresetData[] = {\n";
    for (const BlockPresetRun& r : kBlockPresetRuns) {
        BlockTrainer t(r.heads, r.lr, r.seed, r.steps);
        t.run(r.steps, r.batch);
        const std::string name = (classifier ? "k_classifier_" : "k_heads_") + std::to_string(r.heads);
        o += (classifier ? "constexpr float " : "constexpr std::uint16_t ") + name + "[] = {";
        int count = 0;
        for (int i = classifier ? kShown : 0; i < (classifier ? BlockParams<float>::kTensors : kShown); ++i) {
            const Matrix& m = t.params.tensor(i);
            for (Eigen::Index k = 0; k < m.size(); ++k) {
                const std::string value = classifier ? printf_c("%.9gf,", static_cast<double>(m.data()[k]))
                                                     : printf_c("0x%04x,", static_cast<unsigned>(half_bits(m.data()[k])));
                o += (count++ % (classifier ? 8 : 12) == 0 ? "\n    " : " ") + value;
            }
        }
        o += "\n};\n";
        table += "    {" + std::to_string(r.heads) + ", ";
        if (classifier) {
            table += "{" + std::to_string(t.params.W_C.rows()) + ", " + std::to_string(t.params.W_C.cols()) + "}, " + name + "},\n";
            continue;
        }
        table += "{";
        for (int i = 0; i < kShown; ++i)
            table += (i ? ", {" : "{") + std::to_string(t.params.tensor(i).rows()) + ", " +
                     std::to_string(t.params.tensor(i).cols()) + "}";
        table += "}, " + name + ", {";
        for (int k = 0; k < kEarlyCount; ++k) {
            const int step = kEarlySteps[k];
            table += (k ? ", " : "") + printf_c("%.9gf", step <= r.steps ? static_cast<double>(t.losses[static_cast<std::size_t>(step - 1)]) : 0.0);
        }
        table += "}},\n";
    }
    return o + table + "};\n";
}

}  // namespace capiton
