#include "apple.h"

#include <array>

namespace capiton {

namespace {
constexpr std::array<const char*, 18> kFruitWords = {
    "eat", "ate", "tree", "juice", "fruit", "sweet", "pie", "orchard", "ripe",
    "\xe5\x90\x83" /*吃*/, "\xe6\xa0\x91" /*树*/, "\xe6\x9e\x9c\xe6\xb1\x81" /*果汁*/, "\xe6\xb0\xb4\xe6\x9e\x9c" /*水果*/,
    "\xe7\x94\x9c" /*甜*/, "\xe9\xa6\x99" /*香*/, "\xe7\x86\x9f" /*熟*/, "\xe6\x9e\x9c\xe5\x9b\xad" /*果园*/,
    "\xe6\xa6\xa8" /*榨*/};
constexpr std::array<const char*, 16> kCompanyWords = {
    "phone", "stock", "launch", "launches", "company", "shares", "ceo", "market",
    "\xe6\x89\x8b\xe6\x9c\xba" /*手机*/, "\xe8\x82\xa1\xe7\xa5\xa8" /*股票*/, "\xe5\x8f\x91\xe5\xb8\x83" /*发布*/,
    "\xe5\x85\xac\xe5\x8f\xb8" /*公司*/, "\xe8\x82\xa1\xe4\xbb\xb7" /*股价*/, "\xe5\xb8\x82\xe5\x9c\xba" /*市场*/,
    "\xe6\x96\xb0\xe5\x93\x81" /*新品*/, "\xe4\xb8\x8a\xe5\xb8\x82" /*上市*/};

std::string lower_ascii(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}
}  // namespace

AppleKind apple_kind(const std::string& token) {
    const std::string t = lower_ascii(token);
    if (t == "apple" || t == "\xe8\x8b\xb9\xe6\x9e\x9c" /*苹果*/) return AppleKind::Apple;
    for (const char* w : kFruitWords)
        if (t == w) return AppleKind::Fruit;
    for (const char* w : kCompanyWords)
        if (t == w) return AppleKind::Company;
    return AppleKind::Other;
}

Weights apple_weights() {
    Weights w;
    w.W_Q.resize(4, 2);
    w.W_K.resize(4, 2);
    w.W_V.resize(4, 2);
    //        fruit       company     apple        other
    w.W_Q << 0, 2,       0, 2,       4, 0,        0, 0;
    w.W_K << 1, 0,       1, 0,       0, 1,        0, 0;
    w.W_V << 1, 0,       0, 1,       0.5f, 0.5f,  0, 0;
    return w;
}

Config apple_config() {
    Config c;
    c.d_model = 4;
    c.d_k = 2;
    c.positional = false;
    return c;
}

AppleSentence apple_sentence(const std::vector<std::string>& tokens) {
    AppleSentence r;
    const int n = static_cast<int>(tokens.size());
    Matrix X = Matrix::Zero(n, 4);
    for (int i = 0; i < n; ++i) {
        const AppleKind k = apple_kind(tokens[static_cast<std::size_t>(i)]);
        X(i, static_cast<int>(k)) = 1.0f;
        if (k == AppleKind::Apple && r.apple < 0) r.apple = i;
    }
    r.trace = attend(X, apple_weights(), apple_config());
    r.trace.tokens = tokens;
    r.trace.token_embedding = X;
    r.trace.position = Matrix::Zero(n, 4);
    if (r.apple >= 0 && n > 0) {
        Eigen::Index j = 0;
        r.trace.weights.row(r.apple).maxCoeff(&j);
        r.focus = static_cast<int>(j);
    }
    return r;
}

float apple_cosine(const AppleSentence& a, const AppleSentence& b) {
    if (a.apple < 0 || b.apple < 0) return 0.0f;
    const auto x = a.trace.output.row(a.apple);
    const auto y = b.trace.output.row(b.apple);
    const float n = x.norm() * y.norm();
    return n > 0.0f ? x.dot(y) / n : 0.0f;
}

}  // namespace capiton
