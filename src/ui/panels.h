// capiton ui: the lesson's content, as ui.cpp's draw() calls it — the header (header.cpp) and one
// function per stage, in lesson order (panels_*.cpp), plus the layers, experiments and questions that
// run alongside. Everything here is drawn from Session and View; the machinery it uses (frame.h,
// text.h, theme.h, grid.h, charts.h) knows nothing of the lesson.
#pragma once

#include "core/session.h"
#include "ui/ui.h"

namespace capiton::ui {

// ---- the header (header.cpp) ---------------------------------------------------------------------
void settings(Session& s);              // language, theme, d_model, d_k, mask (right-aligned)
void sentence_box(Session& s, View& v);  // the sentence, Show, Reset, Share
void share_popup(Session& s, View& v);
void glossary_popup(View& v);             // the terms of the lesson, from any stage   // the link to this view and an <iframe> snippet, to copy
void stepper(Session& s, bool compact);  // ◀ 1 why … 17 poems ▶ (compact: ◀ [6 scores ▾] ▶)
void layer_toggles(Session& s);          // the analogy layers' checkboxes
void export_buttons(const Session& s, View& v);  // this stage's grids as CSV / JSON, the view as PNG

// ---- before the formula (panels_prelude.cpp) -------------------------------------------------------
void seq2seq_panel(Session& s);
void similarity_panel(Session& s);

// ---- the formula, one stage each (panels_formula.cpp) ----------------------------------------------
void focus_line(const Session& s);  // "follow a token" hint, or what the selected token looks at most
void tokens_panel(Session& s);
void model_switch(Session& s);  // trained / untrained, on every formula stage
// "Use a sentence it knows": a button (widget_id) that shows `known`, quoted beside it or under it
void offer_sentence(Session& s, const char* known, const char* widget_id);
void embedding_panel(Session& s, View& v);  // with the choice of position and its experiment
void projection_panel(Session& s);
void scores_panel(Session& s);
void scale_panel(Session& s, View& v);
void mask_panel(Session& s);
void softmax_panel(Session& s, View& v);
void weighting_panel(Session& s);
void output_panel(Session& s);

// ---- the layer real models use (panels_block.cpp) ------------------------------------------------
void heads_panel(Session& s);  // 1, 2 or 4 heads side by side, their outputs joined and mixed by W_O
void block_panel(Session& s);  // residual, layer norm, feed-forward, residual, layer norm

// ---- attention between two sentences (panels_translate.cpp) ----------------------------------------
void cross_panel(Session& s);   // the translation's alignment beside the encoder's self-attention
void decode_panel(Session& s);  // the decoder, one token per step, its KV cache and what it saves

// ---- alongside ---------------------------------------------------------------------------------------
void layer_notes(Session& s);                           // panels_layers.cpp
void scale_experiment_panel(Session& s, View& v);       // panels_experiments.cpp (the scale stage)
void softmax_experiment_panel(Session& s, View& v);     // panels_experiments.cpp (the softmax stage)
void position_experiment_panel(Session& s, View& v);    // panels_experiments.cpp (the embedding stage)
void question_panel(Session& s);                        // panels_questions.cpp

// ---- after the formula (panels_training.cpp) ---------------------------------------------------------
void training_panel(Session& s, View& v);

// ---- a small GPT on real poems (panels_poems.cpp) ----------------------------------------------------
void poems_panel(Session& s, View& v);

}  // namespace capiton::ui
