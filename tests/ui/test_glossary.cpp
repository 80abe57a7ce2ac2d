// The glossary (src/ui/glossary.h): every entry has a term and a text in every language's catalog.
#include <doctest.h>

#include <set>
#include <string>

#include "core/catalog.h"
#include "core/ids.h"
#include "ui/glossary.h"
#include "ui/lang/lang.h"

using namespace capiton;

TEST_CASE("glossary: every entry has a term and an explanation in every language, once") {
    std::set<std::string> seen;
    for (const char* id : ui::kGlossary) {
        CAPTURE(id);
        CHECK(seen.insert(id).second);
    }
    for (Language l : all_of<Language>()) {
        Catalog c;
        std::string err;
        REQUIRE_MESSAGE(c.parse(lang::catalog(l), &err), err);
        CAPTURE(id_of(l));
        for (const char* k : {"glossary.button", "glossary.title", "glossary.close"}) CHECK(c.has(k));
        for (const char* id : ui::kGlossary) {
            const std::string key = std::string("glossary.") + id;
            CAPTURE(key);
            CHECK(c.has(key + ".term"));
            CHECK(c.has(key + ".text"));
            CHECK(std::string(c.get(key + ".text")).size() > 20);  // an explanation, not a placeholder
        }
    }
    // the terms the issue asks to explain are among them
    for (const char* id : {"logits", "one_hot", "adam", "eta", "head_out", "parameter", "weight", "nat", "held_out"}) CHECK(seen.count(id) == 1);
}
