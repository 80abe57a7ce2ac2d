// capiton core: the small world in both languages, sentence by sentence — the data of the translation
// model (translate.h).
//
// Each pair is written from one template pair and one draw of slot fillers, so that the English and the
// Chinese sentence say the same thing with the world's own words (world.h):
//
//   S V D ?J A in the L ?T          I saw a bird in the sky          我 在 天空 中 看到 一只 鸟
//   D ?J A M in the L ?T            a small fox slept in the forest  一只 小 狐狸 在 森林 里 睡觉
//   there was D ?J A in the L       there was an owl in the tree     树 上 有 一只 猫头鹰
//   S V D ?J A ?T                   she found a deer today           她 今天 发现 了 一头 鹿
//
// Slots: S subject, V verb of seeing, M verb of staying, D "a"/"an" ↔ N 一 + the animal's measure word
// (一只, 一条, 一头, 一匹), J adjective, A animal, L place, T time (English at the end, Chinese after
// the subject: "in the sky" and "today" move before the verb), Z the word after a Chinese place
// (中, 上, 里: one of the place's own, world_place_words, fixed for each place; 中 follows six places). '?' marks a slot that both sides have or
// both lack (half of the time). Every slot has one translation each way, so a sentence has exactly one
// right translation in each direction.
//
// Each token knows the token it translates on the other side (link), from the template alone: the
// alignment the tests compare cross-attention with. Words without a counterpart ("the", 了, 中, 有)
// link to −1; "in" and 在 link to each other where both say where.
//
// Training pairs put an animal in any place, each as likely (so that the animal never tells the place).
// Held out: for every animal, the last of its likely places (as in world.h) never appears in
// training; the held-out pairs all use such an animal–place pair (templates with a place only). Every
// word of a held-out pair occurs in training: held out means new combinations, not new words.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ids.h"

namespace capiton {

enum class ParallelRole { Subject, Verb, Determiner, Adjective, Animal, Place, Time, Other };

// The words that carry meaning: subject, verb, adjective, animal, place, time (the alignment test's
// words). The determiner is not among them: 一只 needs both "a" and the animal.
bool parallel_content(ParallelRole r);

struct ParallelSide {
    std::vector<std::string> tokens;
    std::vector<ParallelRole> roles;  // one per token
    std::vector<int> link;            // one per token: the token it translates on the other side, or −1
};

struct ParallelPair {
    int form = 0;  // which template pair (0…3, as listed above)
    ParallelSide en, zh;
    const ParallelSide& side(Language l) const { return l == Language::En ? en : zh; }
};

inline constexpr int kParallelForms = 4;

// `count` pairs for a seed: training pairs, or (held_out) pairs that each use a held-out animal–place
// pair.
std::vector<ParallelPair> parallel_sentences(std::uint64_t seed, bool held_out, int count);

// Every word the pairs can use, English then Chinese, in world_vocabulary()'s order (each once).
const std::vector<std::string>& parallel_vocabulary();

}  // namespace capiton
