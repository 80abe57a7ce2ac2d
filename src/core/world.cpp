#include "world.h"

#include <algorithm>
#include <unordered_set>

#include "embedding.h"
#include "tokenizer.h"

namespace capiton {

namespace {

// ---- the words -------------------------------------------------------------------------------
struct Place {
    const char* en;
    const char* zh;
    const char* zh_where;  // the words that can come after it, one character each: 天空中 or 天空里, 树上
                           // (中 and 里 follow many places: neither tells which place it was)
};
const Place kPlaces[] = {
    {"sky", "天空", "中里"},     {"tree", "树", "上"},     {"nest", "鸟窝", "里中"},     {"forest", "森林", "里中"},
    {"sea", "大海", "里中"},     {"river", "河", "里中"},  {"lake", "湖", "里中"},       {"pond", "池塘", "里中"},
    {"field", "田野", "里中"},   {"mountain", "山", "上"}, {"garden", "花园", "里中"},   {"farm", "农场", "里中"},
    {"cave", "山洞", "里中"},    {"meadow", "草地", "上"}, {"park", "公园", "里中"},     {"desert", "沙漠", "里中"},
};
constexpr int kPlaceCount = static_cast<int>(sizeof kPlaces / sizeof kPlaces[0]);
enum { Sky, Tree, Nest, Forest, Sea, River, Lake, Pond, Field, Mountain, Garden, Farm, Cave, Meadow, Park, Desert };

struct Animal {
    const char* en;
    const char* zh;
    const char* zh_measure;  // 只, 条, 头, 匹
    std::vector<int> places;  // where it is found; the last of three or more is held out
};
const std::vector<Animal>& animals() {
    static const std::vector<Animal> a = {
        {"bird", "鸟", "只", {Sky, Tree, Nest, Forest, Garden, Park}},
        {"eagle", "鹰", "只", {Sky, Mountain, Nest, Tree}},
        {"owl", "猫头鹰", "只", {Tree, Forest, Nest, Cave}},
        {"duck", "鸭子", "只", {Pond, Lake, River, Farm, Park}},
        {"fish", "鱼", "条", {Sea, River, Lake, Pond}},
        {"turtle", "乌龟", "只", {Sea, Pond, River, Lake}},
        {"crab", "螃蟹", "只", {Sea, River, Lake}},
        {"frog", "青蛙", "只", {Pond, River, Lake, Garden}},
        {"deer", "鹿", "头", {Forest, Field, Meadow, Mountain}},
        {"fox", "狐狸", "只", {Forest, Field, Cave, Farm}},
        {"wolf", "狼", "只", {Forest, Mountain, Cave}},
        {"bear", "熊", "头", {Forest, Mountain, Cave, River}},
        {"rabbit", "兔子", "只", {Field, Meadow, Garden, Farm}},
        {"squirrel", "松鼠", "只", {Tree, Forest, Park, Garden}},
        {"horse", "马", "匹", {Field, Farm, Meadow}},
        {"cow", "牛", "头", {Farm, Field, Meadow}},
        {"sheep", "羊", "只", {Farm, Meadow, Mountain}},
        {"bee", "蜜蜂", "只", {Garden, Meadow, Field, Tree}},
        {"butterfly", "蝴蝶", "只", {Garden, Meadow, Park, Field}},
        {"snake", "蛇", "条", {Desert, Cave, Forest, Field}},
        {"camel", "骆驼", "头", {Desert, Farm, Field}},
        {"monkey", "猴子", "只", {Tree, Forest, Mountain}},
    };
    return a;
}
bool pair_held_out(const Animal& a, int k) { return a.places.size() >= 3 && k + 1 == static_cast<int>(a.places.size()); }

using List = std::vector<const char*>;
struct Lists {
    List subject, sight, det, adj, moved, moves, time;   // the fillers
    List fruit_verb, fruit_adj, fruit_noun;              // words that make "apple" a fruit
    List company_verb, company_product, company_money;   // words that make "apple" a company
    List measure_det;                                    // zh: 一, 这, 那 (+ the animal's measure word)
    List good;                                           // G: adjectives for any thing (good, cheap …)
    List opener;                                         // sometimes put before a sentence (so, 其实 …)
    List obstacle;                                       // O: what an animal may not cross (street …)
    List tired, wide;                                    // Y: what "it" is too much of: an animal's state,
                                                         // or an obstacle's (the word that decides "it")
};
const Lists kEnglish = {
    {"I", "we", "they", "you", "she", "he"},
    {"saw", "watched", "spotted", "found", "noticed", "see"},
    {"a", "the", "one", "that", "this", "my"},
    {"big", "small", "little", "white", "black", "brown", "old", "young", "quiet"},
    {"sat", "slept", "hid", "lived", "rested", "played", "stayed"},
    {"sits", "sleeps", "hides", "lives", "rests", "plays", "stays"},
    {"today", "yesterday", "again", "there"},
    {"ate", "picked", "peeled", "washed", "cut"},
    {"sweet", "ripe", "sour", "fresh", "juicy"},
    {"juice", "pie", "jam", "seeds"},
    {"launched", "released", "announced", "sold"},
    {"phone", "laptop", "app", "tablet"},
    {"stock", "shares"},
    {},
    {"good", "cheap", "new", "great"},
    {"so", "then", "well", "yes"},
    {"street", "road", "bridge", "wall", "ditch", "fence", "highway"},
    {"tired", "scared", "old", "weak", "slow", "lazy", "sleepy"},
    {"wide", "long", "high", "narrow", "icy", "deep", "busy"},
};
const Lists kChinese = {
    {"我", "我们", "他", "她", "他们", "你"},
    {"看到", "看见", "发现", "遇到"},
    {},
    {"大", "小", "白色", "黑色", "老", "可爱", "安静"},
    {"休息", "睡觉", "玩", "躲着", "待着"},
    {},
    {"今天", "昨天"},
    {"吃", "摘", "削", "洗", "切"},
    {"甜", "新鲜", "酸", "脆"},
    {"果汁", "派", "果酱"},
    {"发布", "推出", "卖"},
    {"手机", "电脑", "平板"},
    {"股票", "股价"},
    {"一", "这", "那"},
    {"不错", "便宜", "贵", "新"},
    {"其实", "所以", "然后", "听说"},
    {"马路", "公路", "桥", "墙", "沟", "篱笆", "街道"},
    {"累", "害怕", "老", "虚弱", "慢", "懒", "困"},
    {"宽", "长", "高", "窄", "滑", "深", "挤"},
};

// ---- the templates ---------------------------------------------------------------------------
// Words separated by spaces. A capital letter is a slot: S subject, V sight verb, D determiner,
// J adjective, M moved (past), W moves (present), T time, A the animal (the query), L the place
// (the answer), N (zh) a determiner and the animal's measure word, Z (zh) the word after the place;
// E/R/U fruit verb/adjective/noun and B/H/K company verb/product/money (answers). "apple"/苹果 is the
// query of its family; a literal word starting with '!' is an answer. A word or slot starting with '?'
// is there half of the time. The pronoun family: F the animal, O the obstacle, Y the adjective that
// decides which of them "it" / 它 (its query) is; each sentence draws which one.
struct Template {
    WorldFamily family;
    Language language;
    int sense;  // apple family: 0 fruit, 1 company
    bool held_out;
    const char* text;
};
constexpr WorldFamily P = WorldFamily::Place, Ap = WorldFamily::Apple, Pr = WorldFamily::Pronoun;
constexpr Language En = Language::En, Zh = Language::Zh;
const Template kTemplates[] = {
    {P, En, 0, false, "S V D A in the L ?T"},
    {P, En, 0, false, "D ?J A M in the L"},
    {P, En, 0, false, "D J A M near the L T"},
    {P, En, 0, false, "S V D J A by the L"},
    {P, En, 0, false, "in the L S V D A"},
    {P, En, 0, false, "D A in the L was J"},
    {P, En, 0, false, "D A W in the L"},
    {P, En, 0, false, "D A M on the L"},
    {P, En, 0, true, "there was D A in the L"},
    {P, En, 0, true, "S V D A near the L T"},
    {P, En, 0, true, "D J A W by the L"},
    {P, En, 0, true, "near the L D A M"},
    {P, Zh, 0, false, "S ?T 在 L Z V ?了 N A"},
    {P, Zh, 0, false, "N ?J A 在 L Z M"},
    {P, Zh, 0, false, "L Z 有 N J A"},
    {P, Zh, 0, false, "N A 住 在 L Z"},
    {P, Zh, 0, false, "S T 在 L Z V 了 N A"},
    {P, Zh, 0, false, "S V N A 在 L Z M"},
    {P, Zh, 0, true, "S 在 L Z V 了 N A"},
    {P, Zh, 0, true, "N J A 在 L Z M"},
    {P, Zh, 0, true, "T L Z 有 N A"},
    {Ap, En, 0, false, "S E D ?R apple ?T"},
    {Ap, En, 0, false, "D apple was R"},
    {Ap, En, 0, false, "S made D apple U ?T"},
    {Ap, En, 0, false, "D apple fell from the !tree"},
    {Ap, En, 0, false, "S bought D apple U"},
    {Ap, En, 0, false, "the apple U was G"},
    {Ap, En, 0, false, "apple U was G"},
    {Ap, En, 0, false, "S like apple U"},
    {Ap, En, 0, true, "the R apple was on the !tree"},
    {Ap, En, 0, true, "apple U was R"},
    {Ap, En, 0, true, "S E the apple T"},
    {Ap, En, 0, true, "S like the apple U"},
    {Ap, En, 1, false, "apple B D ?new H ?T"},
    {Ap, En, 1, false, "apple K fell ?T"},
    {Ap, En, 1, false, "S bought apple K ?T"},
    {Ap, En, 1, false, "the apple !ceo spoke T"},
    {Ap, En, 1, false, "S bought D apple H"},
    {Ap, En, 1, false, "the apple H was G"},
    {Ap, En, 1, false, "apple H was G"},
    {Ap, En, 1, false, "S like apple H"},
    {Ap, En, 1, true, "apple B D H T"},
    {Ap, En, 1, true, "S !sold apple K T"},
    {Ap, En, 1, true, "the new apple H was G"},
    {Ap, En, 1, true, "S like the apple H"},
    {Ap, Zh, 0, false, "S ?T E ?了 ?一个 ?R 苹果"},
    {Ap, Zh, 0, false, "苹果 ?T 很 R"},
    {Ap, Zh, 0, false, "S 喜欢 苹果 U"},
    {Ap, Zh, 0, false, "苹果 从 !树 上 掉 了 下来"},
    {Ap, Zh, 0, false, "S 买 了 一个 苹果 U"},
    {Ap, Zh, 0, false, "苹果 U 很 G"},
    {Ap, Zh, 0, false, "S 喜欢 苹果 的 U"},
    {Ap, Zh, 0, false, "S 想 买 苹果 U"},
    {Ap, Zh, 0, true, "!树 上 的 苹果 很 R"},
    {Ap, Zh, 0, true, "S 想 E 一个 苹果"},
    {Ap, Zh, 0, true, "S T 买 了 苹果 U"},
    {Ap, Zh, 1, false, "苹果 ?T B ?了 ?新 H"},
    {Ap, Zh, 1, false, "苹果 的 K 涨 了"},
    {Ap, Zh, 1, false, "S ?T 买 ?了 苹果 K"},
    {Ap, Zh, 1, false, "苹果 是 一家 大 !公司"},
    {Ap, Zh, 1, false, "S 买 了 一个 苹果 H"},
    {Ap, Zh, 1, false, "苹果 H 很 G"},
    {Ap, Zh, 1, false, "S 喜欢 苹果 H"},
    {Ap, Zh, 1, false, "S 想 买 苹果 H"},
    {Ap, Zh, 1, false, "苹果 H 在 !市场 上 很 G"},
    {Ap, Zh, 1, true, "苹果 T B 了 H"},
    {Ap, Zh, 1, true, "S 喜欢 苹果 的 新 H"},
    {Ap, Zh, 1, true, "S 想 买 一个 苹果 H"},
    {Pr, En, 0, false, "the F didn't cross the O because it was too Y"},
    {Pr, En, 0, false, "the F did not cross the O ?T because it was too Y"},
    {Pr, En, 0, false, "D F couldn't cross D O , because it was so Y"},
    {Pr, En, 0, false, "the F stopped at the O because it was too Y"},
    {Pr, En, 0, false, "the F did not jump over the O because it was too Y"},
    {Pr, En, 0, false, "D F didn't jump over D O ?T because it was so Y"},
    {Pr, En, 0, true, "because it was too Y , the F didn't cross the O"},
    {Pr, En, 0, true, "D F couldn't jump over the O because it was too Y"},
    {Pr, En, 0, true, "the F stopped at D O , because it was so Y"},
    {Pr, Zh, 0, false, "F 没有 过 O ， 因为 它 太 Y 了"},
    {Pr, Zh, 0, false, "N F 没有 过 O ， 因为 它 太 Y 了"},
    {Pr, Zh, 0, false, "F ?T 没 过 O ， 因为 它 太 Y 了"},
    {Pr, Zh, 0, false, "F 停 在 O 前 ， 因为 它 太 Y 了"},
    {Pr, Zh, 0, false, "N F 不能 过 O ， 因为 它 太 Y 了"},
    {Pr, Zh, 0, false, "F 没有 过 O 因为 它 太 Y 了"},
    {Pr, Zh, 0, true, "因为 它 太 Y 了 ， F 没有 过 O"},
    {Pr, Zh, 0, true, "N F 没 过 O ， 因为 它 太 Y 了"},
    {Pr, Zh, 0, true, "F 不能 过 O ， 因为 它 太 Y 了"},
};

const Lists& lists(Language l) { return l == Language::En ? kEnglish : kChinese; }
const char* apple_word(Language l) { return l == Language::En ? "apple" : "苹果"; }
const char* pronoun_word(Language l) { return l == Language::En ? "it" : "它"; }
// The pronoun family's animals: every animal of the world, and the word "animal" itself (last).
const Animal& generic_animal() {
    static const Animal a{"animal", "动物", "只", {}};
    return a;
}
int referents() { return static_cast<int>(animals().size()) + 1; }
const Animal& referent(int k) { return k < static_cast<int>(animals().size()) ? animals()[static_cast<std::size_t>(k)] : generic_animal(); }
// Every fourth animal is never the one "it" stands for in training (held-out sentences use them).
bool referent_held_out(int k) { return k % 4 == 3 && k < static_cast<int>(animals().size()); }

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

const List* slot_list(const Lists& L, char slot) {
    switch (slot) {
        case 'S': return &L.subject;
        case 'V': return &L.sight;
        case 'D': return &L.det;
        case 'J': return &L.adj;
        case 'M': return &L.moved;
        case 'W': return &L.moves;
        case 'T': return &L.time;
        case 'G': return &L.good;
        case 'E': return &L.fruit_verb;
        case 'R': return &L.fruit_adj;
        case 'U': return &L.fruit_noun;
        case 'B': return &L.company_verb;
        case 'H': return &L.company_product;
        case 'K': return &L.company_money;
        case 'O': return &L.obstacle;
        default: return nullptr;
    }
}
WorldRole role_of_slot(char slot) {
    switch (slot) {
        case 'A': case 'F': return WorldRole::Animal;
        case 'O': return WorldRole::Obstacle;
        case 'L': return WorldRole::Place;
        case 'S': return WorldRole::Subject;
        case 'V': case 'M': case 'W': return WorldRole::Verb;
        case 'D': case 'N': return WorldRole::Determiner;
        case 'J': case 'G': case 'Y': return WorldRole::Adjective;
        case 'T': return WorldRole::Time;
        case 'Z': return WorldRole::Where;
        default: return WorldRole::Answer;  // E R U B H K
    }
}

bool is_answer_slot(char slot) { return std::string_view("ERUBHK").find(slot) != std::string_view::npos; }

int pick(SplitMix64& rng, std::size_t n) { return static_cast<int>(rng.next() % static_cast<std::uint64_t>(n)); }

// One sentence from a template; for the place family, from one animal and its place_k-th place (or, with
// place_k < 0, place −1 − place_k of kPlaces); for the pronoun family, from referent(animal).
WorldSentence expand(const Template& t, int animal, int place_k, SplitMix64& rng) {
    const Lists& L = lists(t.language);
    const bool pronoun = t.family == WorldFamily::Pronoun;
    const Animal& a = pronoun ? referent(animal) : animals()[static_cast<std::size_t>(animal)];
    const int place_id = pronoun ? 0 : place_k >= 0 ? a.places[static_cast<std::size_t>(place_k)] : -1 - place_k;
    const Place& place = kPlaces[place_id];
    const int it_is = pronoun ? pick(rng, 2) : 0;  // pronoun family: 0 "it" is the animal, 1 the obstacle
    int animal_at = -1, obstacle_at = -1;
    WorldSentence s;
    if (pick(rng, 3) == 0) {
        s.tokens.push_back(L.opener[static_cast<std::size_t>(pick(rng, L.opener.size()))]);
        s.roles.push_back(WorldRole::Opener);
    }
    s.family = t.family;
    s.language = t.language;
    s.answer_class = t.family == WorldFamily::Place ? place_id : kPlaceCount + t.sense;
    for (std::string w : split(t.text)) {
        if (w[0] == '?') {  // an optional word: there half of the time
            if (pick(rng, 2) == 0) continue;
            w = w.substr(1);
        }
        const int at = static_cast<int>(s.tokens.size());
        const bool zh = t.language == Language::Zh;
        if (w.size() == 1 && w[0] >= 'A' && w[0] <= 'Z') {
            const char slot = w[0];
            if (slot == 'A') { s.query = at; s.tokens.push_back(zh ? a.zh : a.en); }
            else if (slot == 'F') { animal_at = at; s.tokens.push_back(zh ? a.zh : a.en); }
            else if (slot == 'Y') {
                const List& list = it_is == 0 ? L.tired : L.wide;
                s.decider = at;
                s.tokens.push_back(list[static_cast<std::size_t>(pick(rng, list.size()))]);
            }
            else if (slot == 'L') { s.answers.push_back(at); s.tokens.push_back(zh ? place.zh : place.en); }
            else if (slot == 'Z') {
                const std::string where = place.zh_where;  // 3 bytes per character
                s.tokens.push_back(where.substr(3 * static_cast<std::size_t>(pick(rng, where.size() / 3)), 3));
            }
            else if (slot == 'N') s.tokens.push_back(std::string(L.measure_det[static_cast<std::size_t>(pick(rng, L.measure_det.size()))]) + a.zh_measure);
            else if (const List* list = slot_list(L, slot)) {
                if (is_answer_slot(slot)) s.answers.push_back(at);
                if (slot == 'O') obstacle_at = at;
                s.tokens.push_back((*list)[static_cast<std::size_t>(pick(rng, list->size()))]);
            }
            s.roles.push_back(role_of_slot(slot));
        } else if (w[0] == '!') {
            s.answers.push_back(at);
            s.tokens.push_back(w.substr(1));
            s.roles.push_back(WorldRole::Answer);
        } else {
            const bool apple = w == apple_word(t.language), it = w == pronoun_word(t.language);
            if (apple || it) s.query = at;
            s.tokens.push_back(w);
            s.roles.push_back(apple ? WorldRole::Apple : it ? WorldRole::Pronoun : WorldRole::Other);
        }
    }
    if (pronoun) s.answers = {it_is == 0 ? animal_at : obstacle_at};
    // English articles: "a" before a vowel sound is "an" (an owl, an apple, an old fox).
    for (std::size_t i = 0; i + 1 < s.tokens.size(); ++i)
        if (s.tokens[i] == "a" && std::string_view("aeiou").find(s.tokens[i + 1][0]) != std::string_view::npos) s.tokens[i] = "an";
    return s;
}

}  // namespace

std::vector<WorldSentence> world_sentences(std::uint64_t seed, bool held_out, int count) {
    SplitMix64 rng{seed};
    std::vector<const Template*> place_t, apple_t, pronoun_t;
    for (const Template& t : kTemplates)
        if (t.held_out == held_out)
            (t.family == WorldFamily::Place ? place_t : t.family == WorldFamily::Apple ? apple_t : pronoun_t).push_back(&t);
    std::vector<const Template*> place_train;  // held-out pairs go through the training templates too
    for (const Template& t : kTemplates)
        if (!t.held_out && t.family == WorldFamily::Place) place_train.push_back(&t);
    std::vector<WorldSentence> out;
    const auto& as = animals();
    while (static_cast<int>(out.size()) < count) {
        const int family = pick(rng, 3);
        if (family == 2) {  // the pronoun family: held out, its templates, or a held-out animal in any
            const int k = pick(rng, static_cast<std::size_t>(referents()));
            if (!held_out && referent_held_out(k)) continue;
            const bool any = held_out && referent_held_out(k) && pick(rng, 2) == 0;
            std::vector<const Template*> from = pronoun_t;
            if (any) {
                from.clear();
                for (const Template& t : kTemplates)
                    if (t.family == WorldFamily::Pronoun) from.push_back(&t);
            }
            out.push_back(expand(*from[static_cast<std::size_t>(pick(rng, from.size()))], k, 0, rng));
        } else if (family == 0) {  // the place family
            const int animal = pick(rng, as.size());
            const Animal& a = as[static_cast<std::size_t>(animal)];
            const int k = pick(rng, a.places.size());
            const bool pair_out = pair_held_out(a, k);
            // Training also puts animals in unlikely places half of the time (a fish in a field): with
            // only its likely places, an animal would learn to look for those places, not for a place.
            if (!held_out && pick(rng, 2) == 0) {
                const int other = pick(rng, kPlaceCount);
                if (std::find(a.places.begin(), a.places.end(), other) != a.places.end()) continue;
                out.push_back(expand(*place_t[static_cast<std::size_t>(pick(rng, place_t.size()))], animal, -1 - other, rng));
                continue;
            }
            if (!held_out && pair_out) continue;
            // held out: a held-out template with any pair, or a training template with a held-out pair
            const auto& from = held_out && pair_out && pick(rng, 2) == 0 ? place_train : place_t;
            if (held_out && !pair_out && &from == &place_train) continue;
            out.push_back(expand(*from[static_cast<std::size_t>(pick(rng, from.size()))], animal, k, rng));
        } else {
            out.push_back(expand(*apple_t[static_cast<std::size_t>(pick(rng, apple_t.size()))], 0, 0, rng));
        }
    }
    return out;
}

const std::vector<std::string>& world_vocabulary() {
    static const std::vector<std::string> vocab = [] {
        std::vector<std::string> v;  // in the order first met
        std::unordered_set<std::string> seen;
        const auto add = [&](const std::string& w) {
            if (seen.insert(w).second) v.push_back(w);
        };
        for (Language l : {Language::En, Language::Zh}) {
            const bool zh = l == Language::Zh;
            for (const Animal& a : animals()) {
                add(zh ? a.zh : a.en);
                if (zh)
                    for (const char* d : kChinese.measure_det) add(std::string(d) + a.zh_measure);
            }
            for (const Place& p : kPlaces) {
                add(zh ? p.zh : p.en);
                if (zh)
                    for (std::size_t k = 0; k < std::string(p.zh_where).size(); k += 3) add(std::string(p.zh_where).substr(k, 3));
            }
            for (const char* w : lists(l).opener) add(w);
            for (char slot : std::string_view("SVDJMWTGERUBHKO"))
                for (const char* w : *slot_list(lists(l), slot)) add(w);
            for (const List* list : {&lists(l).tired, &lists(l).wide})
                for (const char* w : *list) add(w);
            add(zh ? generic_animal().zh : generic_animal().en);
            if (zh)
                for (const char* d : kChinese.measure_det) add(std::string(d) + generic_animal().zh_measure);
            add(apple_word(l));
            add(pronoun_word(l));
            for (const Template& tp : kTemplates)
                if (tp.language == l)
                    for (const std::string& w : split(tp.text))
                        if (const std::string x = w.substr(w[0] == '?' ? 1 : 0); !(x.size() == 1 && x[0] >= 'A' && x[0] <= 'Z'))
                            add(x[0] == '!' ? x.substr(1) : x);
        }
        add("an");
        return v;
    }();
    return vocab;
}

Task world_task(std::uint64_t seed) {
    Task t;
    t.id = id_of(TaskId::World);
    t.vocab = world_vocabulary();
    // The classes: each place, each part a word can play, then each word that can tell an apple's sense
    // (the model names the word that answers: to name it, it has to find it).
    for (const Place& p : kPlaces) t.answers.push_back(p.en);
    static const char* const kRoleNames[kWorldRoles] = {"animal", "place",   "apple",  "answer", "subject",
                                                       "verb",   "determiner", "adjective", "time", "where",
                                                       "opener", "other",   "pronoun", "obstacle"};
    for (const char* r : kRoleNames) t.answers.push_back(std::string("(") + r + ")");
    const std::vector<WorldSentence> train = world_sentences(seed, false, 4096), test = world_sentences(seed + 100, true, 512);
    const auto word_class = [&](const std::string& w) {
        const auto it = std::find(t.answers.begin() + kPlaceCount + kWorldRoles, t.answers.end(), w);
        if (it != t.answers.end()) return static_cast<int>(it - t.answers.begin());
        t.answers.push_back(w);
        return static_cast<int>(t.answers.size()) - 1;
    };
    const auto class_of = [&](const WorldSentence& s) {
        return s.family == WorldFamily::Place ? s.answer_class : word_class(s.tokens[static_cast<std::size_t>(s.answers[0])]);
    };
    SplitMix64 other{seed + 7};
    const auto examples = [&](const std::vector<WorldSentence>& ss, std::vector<Example>& out, bool parts) {
        for (const WorldSentence& s : ss) {
            Example ex;
            for (const std::string& w : s.tokens) ex.ids.push_back(vocab_index(t, w));
            ex.position = s.query;
            ex.answer = class_of(s);
            // "it" is asked at the second layer (one layer cannot tell); the animal and "apple" at the first
            ex.layer = s.family == WorldFamily::Pronoun ? 2 : 1;
            out.push_back(ex);
            if (!parts) continue;
            // Pronoun sentences also ask the animal and the obstacle, at the second layer, to name
            // themselves. That teaches the second layer's output head to read a noun's name from its
            // value before "it" has learned where to look; without it, "it" first settles on whatever
            // gives half the answer soonest (the adjective, whose value tells "an animal" from "a
            // thing") and its attention hardens there, one-hot, for good.
            if (s.family == WorldFamily::Pronoun)
                for (std::size_t i = 0; i < s.tokens.size(); ++i)
                    if (s.roles[i] == WorldRole::Animal || s.roles[i] == WorldRole::Obstacle) {
                        Example noun = ex;
                        noun.position = static_cast<int>(i);
                        noun.answer = word_class(s.tokens[i]);
                        out.push_back(noun);
                    }
            ex.layer = 1;
            if (s.tokens.size() < 2) continue;
            int p = static_cast<int>(other.next() % (s.tokens.size() - 1));  // another word: what part is it?
            if (p >= s.query) ++p;
            ex.position = p;
            ex.answer = kPlaceCount + static_cast<int>(s.roles[static_cast<std::size_t>(p)]);
            out.push_back(ex);
        }
    };
    examples(train, t.train, true);
    examples(test, t.test, false);  // the test asks only the questions
    t.shape = {static_cast<int>(t.vocab.size()), 8, 4, static_cast<int>(t.answers.size()), true, 2};
    return t;
}

bool world_pronoun(const std::string& token) {
    const std::string key = token_key(token);
    return key == pronoun_word(Language::En) || key == pronoun_word(Language::Zh);
}

bool world_asks(const std::string& token) {
    const std::string key = token_key(token);
    if (world_pronoun(token) || key == apple_word(Language::En) || key == apple_word(Language::Zh)) return true;
    for (const Animal& a : animals())
        if (key == a.en || key == a.zh) return true;
    return false;
}

const std::vector<std::string>& world_chinese_words() {
    static const std::vector<std::string> words = [] {
        std::vector<std::string> w;
        for (const std::string& v : world_vocabulary())
            if (static_cast<unsigned char>(v[0]) >= 0x80) w.push_back(v);
        return w;
    }();
    return words;
}

std::vector<WorldShare> world_generalisation(const Params<float>& p, const Task& task, const std::vector<WorldSentence>& held_out) {
    std::vector<WorldShare> shares;
    for (WorldFamily f : {WorldFamily::Place, WorldFamily::Apple, WorldFamily::Pronoun})
        for (Language l : {Language::En, Language::Zh}) shares.push_back({f, l, 0, 0});
    for (const WorldSentence& s : held_out) {
        Example ex;
        for (const std::string& w : s.tokens) ex.ids.push_back(vocab_index(task, w));
        if (std::find(ex.ids.begin(), ex.ids.end(), -1) != ex.ids.end()) continue;
        ex.position = s.query;
        ex.layer = s.family == WorldFamily::Pronoun ? 2 : 1;  // where the model is asked
        const Forward<float> f = forward(p, task.shape, ex);
        Eigen::Index top = 0;
        (ex.layer == 2 ? f.second.A : f.A).row(s.query).maxCoeff(&top);
        WorldShare& sh = shares[static_cast<std::size_t>(2 * static_cast<int>(s.family) + static_cast<int>(s.language))];
        ++sh.sentences;
        sh.hits += std::find(s.answers.begin(), s.answers.end(), static_cast<int>(top)) != s.answers.end() ? 1 : 0;
    }
    return shares;
}

const std::vector<WorldAnimalWords>& world_animal_words() {
    static const std::vector<WorldAnimalWords> words = [] {
        std::vector<WorldAnimalWords> w;
        for (const Animal& a : animals()) w.push_back({a.en, a.zh, a.zh_measure, a.places});
        return w;
    }();
    return words;
}

const std::vector<WorldPlaceWords>& world_place_words() {
    static const std::vector<WorldPlaceWords> words = [] {
        std::vector<WorldPlaceWords> w;
        for (const Place& p : kPlaces) {
            WorldPlaceWords place{p.en, p.zh, {}};
            for (std::size_t k = 0; k < std::string(p.zh_where).size(); k += 3) place.where.push_back(std::string(p.zh_where).substr(k, 3));
            w.push_back(place);
        }
        return w;
    }();
    return words;
}

}  // namespace capiton
