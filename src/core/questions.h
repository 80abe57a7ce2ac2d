// capiton core: one predict-then-reveal question per formula stage. Where the answer depends on the
// numbers (which token, does the row change, …) it is computed from the session, not written down.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "lesson.h"

namespace capiton {

struct Question {
    Stage stage = Stage::Tokens;
    std::string key;                  // catalog prefix: q.<stage>; texts <key>.prompt, <key>.why, <key>.o<i>
    std::vector<std::string> options; // catalog keys of the options, or token texts when tokens_as_options
    bool tokens_as_options = false;
    int correct = 0;                  // index into options
    std::map<std::string, std::string> values;  // named placeholders for the texts ({query}, {phrase}, …)
    std::string why_suffix = ".why";  // the explanation's key is key + why_suffix (another when it depends)
    // The scores question: the two tokens (i, j) whose cells scores[i][j] and scores[j][i] differ most
    // in this sentence, which the explanation shows (−1: fewer than two tokens). Not part of the
    // question (question_signature): the same answer holds for every sentence.
    int mirror_i = -1, mirror_j = -1;
};

// The poems stage asks over how many rows the query of this row spreads its weights.
inline constexpr int kPoemQuestionRow = 10;

// Whether a stage asks a question at all: every one but seq2seq and similarity (they have their own
// interactions) and training. Some sentences leave a stage that has one without it for now (one word:
// nothing to choose between).
bool has_question(Stage st);

// False for a stage without a question (has_question), or none for this sentence.
bool question_for(const Lesson& s, Stage st, Question* out);

// What makes a question the one it is: its texts' placeholders, options and answer. An answer is kept
// for this signature: another sentence or model asks another question (on the output stage, "monkey"
// instead of "bird"), which an earlier choice does not answer.
std::string question_signature(const Question& q);
// The signature in 8 hexadecimal digits (32-bit FNV-1a), as stored with an answer: a visit restores an
// answer only to the question it answered.
std::string question_tag(const Question& q);

}  // namespace capiton
