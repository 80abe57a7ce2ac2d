// capiton core: the session as the page's state() object (docs/page-hook.md), one writer per part.
// Every list in it (stages, layers, matrices, W_Q/W_K/W_V) is made from the id tables of ids.h.
#include "explain.h"
#include "json.h"
#include "questions.h"
#include "session.h"

namespace capiton {

namespace {

void write_lesson(json::Writer& w, const Lesson& l) {
    w.key("stage").string(id_of(l.stage()));
    w.key("stageIndex").integer(l.stage_index());
    w.key("stages").begin_array();
    for (Stage st : all_of<Stage>()) w.string(id_of(st));
    w.end_array();
    w.key("sentence").string(l.sentence());
    w.key("tokens").strings(l.tokens());
    w.key("d_model").integer(l.config().d_model);
    w.key("d_k").integer(l.config().d_k);
    w.key("t").setting(l.config().temperature);
    w.key("mask").string(id_of(l.config().mask));
    w.key("position").string(id_of(l.config().position));
    w.key("selectedToken").integer(l.selected_token());
    w.key("model").string(id_of(l.model_kind()));
    w.key("modelTask");
    if (const LessonModel* m = l.model()) w.string(m->task.id);
    else w.null();
    w.key("unknownTokens").begin_array();
    for (int i = 0; i < static_cast<int>(l.tokens().size()); ++i)
        if (l.unknown_to_model(i)) w.integer(i);
    w.end_array();
    w.key("secondLayer");
    if (const Trace* t = l.second_layer()) w.begin_object().key("weights").matrix(t->weights).end_object();
    else w.null();
    // the heads and block stages (multihead.h): every head's weights and output; the block's matrices
    // are in "matrices" by name (head_* for the selected head)
    const MultiHead& mh = l.multi_head();
    w.key("heads").begin_object();
    w.key("count").integer(mh.heads());
    w.key("selected").integer(mh.selected() + 1);
    w.key("d_model").integer(mh.shape().d_model);
    w.key("d_k").integer(mh.shape().d_k());
    w.key("d_ff").integer(mh.shape().d_ff);
    w.key("trained").boolean(mh.trained());
    w.key("unknownTokens").begin_array();
    for (int i = 0; i < static_cast<int>(mh.tokens().size()); ++i)
        if (mh.unknown(i)) w.integer(i);
    w.end_array();
    w.key("weights").begin_array();
    for (const AttentionPass<float>& h : mh.pass().heads) w.matrix(h.A);
    w.end_array();
    w.key("outputs").begin_array();
    for (const AttentionPass<float>& h : mh.pass().heads) w.matrix(h.O);
    w.end_array();
    w.end_object();
}

// The cross and decode stages (encdec.h): the translation, the alignment and the decode stage's step;
// their matrices are in "matrices" by name.
void write_translation(json::Writer& w, const EncoderDecoder& ed) {
    w.key("translation").begin_object();
    w.key("trained").boolean(ed.trained());
    w.key("from").string(id_of(ed.from()));
    w.key("to").string(id_of(ed.to()));
    w.key("source").strings(ed.source());
    w.key("unknownTokens").begin_array();
    for (int i = 0; i < static_cast<int>(ed.source().size()); ++i)
        if (ed.unknown(i)) w.integer(i);
    w.end_array();
    w.key("target").strings(ed.translation().tokens);
    w.key("rows").strings(ed.target_labels());
    w.key("decoding").string(id_of(ed.mode()));
    w.key("temperature").setting(ed.temperature());
    w.key("draw").integer(ed.draw());
    w.key("steps").integer(ed.steps());
    w.key("step").integer(ed.step() + 1);
    const DecoderStep& st = ed.current();
    w.key("input").string(ed.model().word(st.input));
    w.key("chosen").string(ed.model().word(st.chosen));
    w.key("next").begin_array();
    for (const auto& [id, p] : ed.top_next()) w.begin_object().key("token").string(ed.model().word(id)).key("p").number(p).end_object();
    w.end_array();
    w.key("ops").begin_object();
    w.key("setup").integer(ed.translation().setup_ops);
    w.key("stepCached").integer(st.ops_cached);
    w.key("stepUncached").integer(st.ops_uncached);
    w.key("cached").integer(ed.cached_so_far());
    w.key("uncached").integer(ed.uncached_so_far());
    w.end_object();
    w.end_object();
}

void write_preferences(json::Writer& w, const Preferences& p, const std::vector<Session::CurrentAnswer>& answers) {
    w.key("lang").string(id_of(p.language));
    w.key("theme").string(id_of(p.theme));
    w.key("layers").begin_array();
    for (Layer layer : p.layers_on()) w.string(id_of(layer));
    w.end_array();
    w.key("answers").begin_object();
    for (const Session::CurrentAnswer& a : answers) {
        w.key(id_of(a.stage)).begin_object().key("choice").integer(a.choice).key("correct").boolean(a.choice == a.question.correct);
        w.end_object();
    }
    w.end_object();
}

void write_demos(json::Writer& w, const Demos& d) {
    w.key("seq2seq").begin_object();
    w.key("length").integer(d.seq2seq_length());
    w.key("tokens").strings(d.seq2seq().tokens);
    w.key("influence").floats(d.seq2seq().influence);
    w.end_object();
    const float* v = d.similarity_vectors();
    const Similarity sim = d.similarity();
    w.key("similarity").begin_object();
    w.key("a").begin_array().number(v[0]).number(v[1]).end_array();
    w.key("b").begin_array().number(v[2]).number(v[3]).end_array();
    w.key("dot").number(sim.dot);
    w.key("cosine").number(sim.cosine);
    w.end_object();
}

void write_training(json::Writer& w, const Training& tr) {
    w.key("trainingPlace").string(tr.place() == TrainingPlace::Worker ? "worker" : "here");
    w.key("trainingPace").string(id_of(tr.pace()));
    w.key("training");
    if (const TrainingState* t = tr.state()) {
        w.begin_object();
        w.key("task").string(id_of(t->task));
        w.key("step").integer(t->step);
        w.key("loss");  // a run's last step, a preset's test sentences; no step taken yet: none
        if (t->preset || t->step > 0) w.number(t->loss);
        else w.null();
        w.key("lossMedian");  // a preset's median test sentence
        if (t->preset) w.number(t->median_loss);
        else w.null();
        w.key("accuracy").number(t->accuracy);
        w.key("running").boolean(t->running);
        w.key("preset").boolean(t->preset);
        w.key("moved").begin_object();
        for (std::size_t k = 0; k < kProjections.size(); ++k) w.key(id_of(kProjections[k])).number(t->moved[k]);
        w.end_object();
        if (const AppleCloud* c = tr.apple_cloud()) {
            w.key("appleCloud").begin_object();
            w.key("separated").number(c->separated);
            w.key("explained").number(c->plane.explained);
            w.end_object();
        }
        w.end_object();
    } else {
        w.null();
    }
    w.key("scalingRace");
    if (const RaceProgress* r = tr.race_progress()) {
        w.begin_object();
        w.key("step").integer(r->step());
        w.key("steps").integer(ScalingRace::kSteps);
        w.key("d_k").integer(ScalingRace::kDk);
        w.key("running").boolean(r->running);
        for (const auto& [name, side] : {std::pair{"scaled", &r->scaled}, std::pair{"raw", &r->raw}}) {
            w.key(name).begin_object().key("loss");
            if (!side->losses.empty()) w.number(side->losses.back());
            else w.null();
            w.key("accuracy");
            if (side->accuracy >= 0.0f) w.number(side->accuracy);
            else w.null();
            w.end_object();
        }
        w.end_object();
    } else {
        w.null();
    }
}

// The poems stage (poem_stage.h): null fields until its preset file has come.
void write_poems(json::Writer& w, const PoemStage& p) {
    w.key("poems").begin_object();
    w.key("status").string(id_of(p.status()));
    w.key("error");
    if (!p.error().empty()) w.string(p.error());
    else w.null();
    if (p.ready()) {
        const GptShape& sh = p.shape();
        w.key("source").string(id_of(p.source()));
        w.key("vocab").integer(sh.vocab).key("context").integer(sh.context).key("d_model").integer(sh.d_model);
        w.key("heads").integer(sh.heads).key("layers").integer(kGptLayers).key("d_k").integer(sh.d_k());
        w.key("maxPrompt").integer(p.max_prompt());
        w.key("prompt").string(p.prompt()).key("temperature").setting(p.temperature());
        w.key("seed").integer(static_cast<long long>(p.seed()));
        w.key("continuation").string(p.continuation());
        w.key("text").strings(p.text_labels());
        w.key("unknownChars").integer(p.unknown_chars());
        w.key("gallery").begin_array();
        for (const PoemHead& h : p.heads()) {
            w.begin_object().key("layer").integer(h.layer + 1).key("head").integer(h.head + 1).key("kind").string(id_of(h.kind));
            w.key("induction").number(h.induction).key("previous").number(h.previous).key("punctuation").number(h.punctuation);
            w.key("weights").matrix(h.weights).end_object();
        }
        w.end_array();
        w.key("firstCopyLoss").number(p.report().first_copy_loss).key("secondCopyLoss").number(p.report().second_copy_loss);
        const PoemStep& st = p.step();
        w.key("selected").begin_object().key("layer").integer(p.selected_layer() + 1).key("head").integer(p.selected_head() + 1).end_object();
        w.key("step").begin_object().key("step").integer(st.step + 1).key("steps").integer(p.steps()).key("row").integer(st.row);
        w.key("query").string(p.steps() > 0 ? p.label(p.text_ids()[static_cast<std::size_t>(st.row)]) : "");
        w.key("q").matrix(st.q).key("K").matrix(st.K).key("V").matrix(st.V);
        w.key("scores").matrix(st.scores).key("scaled").matrix(st.scaled).key("weights").matrix(st.weights).key("output").matrix(st.output);
        w.key("next").begin_array();
        for (const auto& [id, prob] : st.next) w.begin_object().key("char").string(p.label(id)).key("p").number(prob).end_object();
        w.end_array();
        w.key("chosen").string(p.label(st.chosen)).key("chosenP").number(st.chosen_p);
        w.end_object();
    }
    w.key("training");
    if (const PoemProgress* t = p.progress()) {
        w.begin_object().key("step").integer(t->step).key("running").boolean(t->running);
        w.key("loss");
        if (!t->losses.empty()) w.number(t->losses.back());
        else w.null();
        w.key("heldLoss");
        if (!t->measures.empty()) w.number(t->measures.back().held);
        else w.null();
        w.key("induction");
        if (!t->measures.empty()) w.number(t->measures.back().induction);
        else w.null();
        w.key("sample").string(t->sample).key("sampleStep").integer(t->sample_step);
        w.key("charsPerSecond").number(t->characters_per_second());
        w.end_object();
    } else {
        w.null();
    }
    w.key("trainingError");
    if (!p.training_error().empty()) w.string(p.training_error());
    else w.null();
    w.end_object();
}

}  // namespace

void write_state(json::Writer& w, const Session& s) {
    write_lesson(w, s.lesson());
    write_translation(w, s.lesson().encoder_decoder());
    write_preferences(w, s.prefs(), s.current_answers());
    write_demos(w, s.demos());
    write_training(w, s.training());
    write_poems(w, s.poems());
    w.key("matrices").begin_object();
    for (MatrixId m : all_of<MatrixId>()) w.key(id_of(m)).matrix(*matrix_of(s, m));
    w.end_object();
}

std::string state_json(const Session& s) {
    json::Writer w;
    w.begin_object();
    write_state(w, s);
    w.end_object();
    return w.take();
}

}  // namespace capiton
