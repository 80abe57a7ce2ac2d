#include "parallel.h"

#include <algorithm>
#include <map>

#include "embedding.h"
#include "world.h"

namespace capiton {

namespace {

struct WordPair {
    const char* en;
    const char* zh;
};
// The fillers, each with its one translation.
const std::vector<WordPair> kSubjects = {{"I", "我"}, {"we", "我们"}, {"they", "他们"}, {"you", "你"}, {"she", "她"}, {"he", "他"}};
const std::vector<WordPair> kSeeing = {{"saw", "看到"}, {"found", "发现"}, {"noticed", "看见"}};
const std::vector<WordPair> kStaying = {{"slept", "睡觉"}, {"rested", "休息"}, {"played", "玩"}, {"hid", "躲着"}, {"stayed", "待着"}};
const std::vector<WordPair> kAdjectives = {{"big", "大"}, {"small", "小"}, {"white", "白色"}, {"black", "黑色"}, {"quiet", "安静"}};
const std::vector<WordPair> kTimes = {{"today", "今天"}, {"yesterday", "昨天"}};

// The template pairs (parallel.h). A capital letter is a slot; "word@k" is a literal linked to the
// literal with the same @k on the other side; any other literal links to nothing.
struct Form {
    const char* en;
    const char* zh;
    bool place;  // has a place (only these make held-out pairs)
};
const Form kForms[kParallelForms] = {
    {"S V D ?J A in@1 the L ?T", "S ?T 在@1 L Z V N ?J A", true},
    {"D ?J A M in@1 the L ?T", "N ?J A ?T 在@1 L Z M", true},
    {"there was D ?J A in the L", "L Z 有 N ?J A", true},
    {"S V D ?J A ?T", "S ?T V 了 N ?J A", false},
};

std::vector<std::string> split(const char* text) {
    std::vector<std::string> out;
    std::string w;
    for (const char* p = text;; ++p) {
        if (*p == ' ' || *p == 0) {
            if (!w.empty()) out.push_back(w);
            w.clear();
            if (*p == 0) break;
        } else {
            w += *p;
        }
    }
    return out;
}

int pick(SplitMix64& rng, std::size_t n) { return static_cast<int>(rng.next() % static_cast<std::uint64_t>(n)); }

ParallelRole role_of(char slot) {
    switch (slot) {
        case 'S': return ParallelRole::Subject;
        case 'V': case 'M': return ParallelRole::Verb;
        case 'D': case 'N': return ParallelRole::Determiner;
        case 'J': return ParallelRole::Adjective;
        case 'A': return ParallelRole::Animal;
        case 'L': return ParallelRole::Place;
        case 'T': return ParallelRole::Time;
        default: return ParallelRole::Other;
    }
}

// The word after a Chinese place: one of the place's own (world_place_words), the first or the second
// as the place's index is even or odd. Not always the first: 中 would then follow 天空 alone, and the
// model, writing "sky", could look at 中 instead of 天空 (it did: seed 3, every time).
std::string where_word(int place) {
    const auto& w = world_place_words()[static_cast<std::size_t>(place)].where;
    return w[static_cast<std::size_t>(place) % w.size()];
}

// One draw of every slot: the filler index of each list, and which optional slots are there.
struct Draw {
    int subject = 0, seeing = 0, staying = 0, adjective = 0, time = 0, animal = 0, place = 0;
    bool has_adjective = false, has_time = false;
};

// One side of a pair. Keys: 'X' for slot X, "@k" for linked literal k (where each token sits, so the
// other side can link to it).
ParallelSide write_side(const char* text, Language l, const Draw& d, std::map<std::string, int>* at) {
    const bool zh = l == Language::Zh;
    const WorldAnimalWords& animal = world_animal_words()[static_cast<std::size_t>(d.animal)];
    const WorldPlaceWords& place = world_place_words()[static_cast<std::size_t>(d.place)];
    const auto word = [&](const std::vector<WordPair>& list, int k) {
        return std::string(zh ? list[static_cast<std::size_t>(k)].zh : list[static_cast<std::size_t>(k)].en);
    };
    ParallelSide s;
    for (std::string w : split(text)) {
        if (w[0] == '?') {
            w = w.substr(1);
            if ((w == "J" && !d.has_adjective) || (w == "T" && !d.has_time)) continue;
        }
        const int here = static_cast<int>(s.tokens.size());
        if (w.size() == 1 && w[0] >= 'A' && w[0] <= 'Z') {
            const char slot = w[0];
            std::string t;
            switch (slot) {
                case 'S': t = word(kSubjects, d.subject); break;
                case 'V': t = word(kSeeing, d.seeing); break;
                case 'M': t = word(kStaying, d.staying); break;
                case 'J': t = word(kAdjectives, d.adjective); break;
                case 'T': t = word(kTimes, d.time); break;
                case 'A': t = zh ? animal.zh : animal.en; break;
                case 'L': t = zh ? place.zh : place.en; break;
                case 'Z': t = where_word(d.place); break;
                case 'D': t = "a"; break;
                case 'N': t = "一" + animal.measure; break;
                default: break;
            }
            s.tokens.push_back(t);
            s.roles.push_back(role_of(slot));
            // D and N are one slot seen from each side
            if (slot != 'Z') (*at)[std::string(1, slot == 'N' ? 'D' : slot)] = here;
        } else if (const auto k = w.find('@'); k != std::string::npos) {
            s.tokens.push_back(w.substr(0, k));
            s.roles.push_back(ParallelRole::Other);
            (*at)[w.substr(k)] = here;
        } else {
            s.tokens.push_back(w);
            s.roles.push_back(ParallelRole::Other);
        }
    }
    // English articles: "a" before a vowel sound is "an" (an owl, an eagle)
    for (std::size_t i = 0; i + 1 < s.tokens.size(); ++i)
        if (s.tokens[i] == "a" && std::string_view("aeiou").find(s.tokens[i + 1][0]) != std::string_view::npos) s.tokens[i] = "an";
    return s;
}

// Links each token of `s` to the token of the other side that sits at the same key.
void link_side(ParallelSide& s, const std::map<std::string, int>& mine, const std::map<std::string, int>& other) {
    s.link.assign(s.tokens.size(), -1);
    for (const auto& [key, i] : mine)
        if (const auto it = other.find(key); it != other.end()) s.link[static_cast<std::size_t>(i)] = it->second;
}

ParallelPair write_pair(int form, const Draw& d) {
    ParallelPair p;
    p.form = form;
    std::map<std::string, int> at_en, at_zh;
    p.en = write_side(kForms[form].en, Language::En, d, &at_en);
    p.zh = write_side(kForms[form].zh, Language::Zh, d, &at_zh);
    link_side(p.en, at_en, at_zh);
    link_side(p.zh, at_zh, at_en);
    return p;
}

bool pair_held_out(const WorldAnimalWords& a, int place) {
    return a.places.size() >= 3 && a.places.back() == place;
}

}  // namespace

bool parallel_content(ParallelRole r) { return r != ParallelRole::Determiner && r != ParallelRole::Other; }

std::vector<ParallelPair> parallel_sentences(std::uint64_t seed, bool held_out, int count) {
    SplitMix64 rng{seed};
    const auto& animals = world_animal_words();
    const int places = static_cast<int>(world_place_words().size());
    std::vector<ParallelPair> out;
    while (static_cast<int>(out.size()) < count) {
        const int form = pick(rng, kParallelForms);
        Draw d;
        d.subject = pick(rng, kSubjects.size());
        d.seeing = pick(rng, kSeeing.size());
        d.staying = pick(rng, kStaying.size());
        d.adjective = pick(rng, kAdjectives.size());
        d.time = pick(rng, kTimes.size());
        d.has_adjective = pick(rng, 2) == 0;
        d.has_time = pick(rng, 2) == 0;
        d.animal = pick(rng, animals.size());
        const WorldAnimalWords& a = animals[static_cast<std::size_t>(d.animal)];
        if (held_out) {
            if (!kForms[form].place) continue;
            d.place = a.places.back();
            if (!pair_held_out(a, d.place)) continue;
        } else {
            // any place (a fish in a field): with its likely places more often, as in world.h, the animal
            // would tell the place and the decoder, writing "sky" after "bird", need not look at 天空
            d.place = pick(rng, static_cast<std::size_t>(places));
            if (kForms[form].place && pair_held_out(a, d.place)) continue;
        }
        out.push_back(write_pair(form, d));
    }
    return out;
}

const std::vector<std::string>& parallel_vocabulary() {
    static const std::vector<std::string> vocab = [] {
        std::vector<std::string> words;
        for (const auto* list : {&kSubjects, &kSeeing, &kStaying, &kAdjectives, &kTimes})
            for (const WordPair& w : *list) {
                words.push_back(w.en);
                words.push_back(w.zh);
            }
        for (const WorldAnimalWords& a : world_animal_words()) {
            words.push_back(a.en);
            words.push_back(a.zh);
            words.push_back("一" + a.measure);
        }
        for (int k = 0; k < static_cast<int>(world_place_words().size()); ++k) {
            words.push_back(world_place_words()[static_cast<std::size_t>(k)].en);
            words.push_back(world_place_words()[static_cast<std::size_t>(k)].zh);
            words.push_back(where_word(k));
        }
        words.push_back("a");
        words.push_back("an");
        for (const Form& f : kForms)
            for (const char* text : {f.en, f.zh})
                for (const std::string& w : split(text)) {
                    const std::string x = w.substr(w[0] == '?' ? 1 : 0);
                    if (x.size() == 1 && x[0] >= 'A' && x[0] <= 'Z') continue;
                    words.push_back(x.substr(0, x.find('@')));
                }
        std::vector<std::string> v;  // in the world's order; a word the world lacks would go last (a test checks there is none)
        for (const std::string& w : world_vocabulary())
            if (std::find(words.begin(), words.end(), w) != words.end()) v.push_back(w);
        for (const std::string& w : words)
            if (std::find(v.begin(), v.end(), w) == v.end()) v.push_back(w);
        return v;
    }();
    return vocab;
}

}  // namespace capiton
