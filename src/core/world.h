// capiton core: the small world — the sentences the lesson's default model is trained on.
//
// A few hundred words in English and Chinese, and sentences made from templates in two families,
// each with one word that asks (the query) and the words that answer it:
//   place   "I saw a bird in the sky", 我在天空中看到一只鸟: the animal asks where it is; the place
//           answers (the class to predict is the place).
//   apple   "I ate an apple", 苹果发布了新手机: "apple" asks which apple it is; the word that decides
//           its sense answers (eat, juice, tree … or phone, stock, launched …; the class is that word).
//   pronoun "the animal didn't cross the street because it was too tired / wide", 动物没有过马路，因为
//           它太累了 / 太宽了: "it" asks what it stands for; the animal or the obstacle answers, as the
//           adjective decides. One attention layer cannot do this (train.h): "it" is asked at the
//           second layer (the class is the word it stands for), and the animal and the obstacle are
//           asked there to name themselves. Nothing asks "it" anything at the first layer: it learns by
//           itself to look at the adjective there, since that is what its second look needs.
// The model (train.h) predicts the class from the query's output row alone, so the only way to the
// answer is to attend to the answering word: attention is what it has to learn.
//
// Every template, and some animal–place pairs, are either trained on or held out; the held-out
// sentences (other word orders, tenses, articles, pairs) measure whether the model generalises.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ids.h"
#include "train.h"

namespace capiton {

enum class WorldFamily { Place, Apple, Pronoun };

// What part each word plays in its sentence. Besides the one question per sentence, training asks one
// other word of each sentence for its own part: without that, rows that are never asked anything copy
// the asking word's habit (every word would look at the place), which teaches nothing.
enum class WorldRole { Animal, Place, Apple, Answer, Subject, Verb, Determiner, Adjective, Time, Where, Opener, Other, Pronoun, Obstacle };
inline constexpr int kWorldRoles = 14;
inline constexpr const char* kWorldFamilyIds[] = {"place", "apple", "pronoun"};

// The small world's training run: Adam steps (its learning rate falls linearly to a tenth over them,
// Trainer::schedule_steps). Two layers and three families need longer than one layer and two did.
inline constexpr int kWorldSteps = 9000;

// One sentence of the small world, as tokens, with where it asks and which tokens answer.
struct WorldSentence {
    WorldFamily family = WorldFamily::Place;
    Language language = Language::En;
    std::vector<std::string> tokens;
    std::vector<WorldRole> roles;  // one per token
    int query = 0;             // the animal, "apple", or "it"
    std::vector<int> answers;  // the deciding words' positions (one or more); pronoun: what "it" is
    int decider = -1;          // pronoun: the adjective that decides it (tired: the animal; wide: the obstacle)
    int answer_class = 0;      // the place, or the sense
};

// The sentences of the world for a seed: `held_out` false gives the training sentences, true the
// held-out ones (templates and animal–place pairs never used for training).
std::vector<WorldSentence> world_sentences(std::uint64_t seed, bool held_out, int count);

// Every word of the world, English then Chinese, each once (the task's vocabulary, in this order).
const std::vector<std::string>& world_vocabulary();

// The task for the trainer: vocabulary (every word of both languages), classes (the places, then
// the two senses), training sentences and held-out test sentences.
Task world_task(std::uint64_t seed);

// True for a word that asks in the world: an animal (either language), "apple" / 苹果 or "it" / 它
// (ASCII case ignored, as the embedding table matches); world_pronoun only for "it" / 它.
bool world_asks(const std::string& token);
bool world_pronoun(const std::string& token);

// The Chinese words of the world: the segmenter prefers them, so that what a student types cuts into
// the words the model knows.
const std::vector<std::string>& world_chinese_words();

// How often the query's largest attention weight falls on an answering word, over held-out sentences
// of one family and language (0…1): at the first layer, and for the pronoun family at the second.
struct WorldShare {
    WorldFamily family;
    Language language;
    int sentences = 0;
    int hits = 0;
    float share() const { return sentences ? static_cast<float>(hits) / static_cast<float>(sentences) : 0.0f; }
};
std::vector<WorldShare> world_generalisation(const Params<float>& p, const Task& task, const std::vector<WorldSentence>& held_out);

// ---- the world's animals and places, for other modules (parallel.h) -----------------------------
// Each animal with its English and Chinese word, its Chinese measure word (只, 条, 头, 匹) and the
// indices of its likely places in world_place_words(); as in world_sentences, the last of three or
// more likely places is held out.
struct WorldAnimalWords {
    std::string en, zh, measure;
    std::vector<int> places;
};
// Each place with its English and Chinese word and the words that can follow it in Chinese, one
// character each (天空 中 or 天空 里, 树 上 …).
struct WorldPlaceWords {
    std::string en, zh;
    std::vector<std::string> where;
};
const std::vector<WorldAnimalWords>& world_animal_words();
const std::vector<WorldPlaceWords>& world_place_words();

}  // namespace capiton
