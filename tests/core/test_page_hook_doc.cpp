// docs/page-hook.md is the written contract of the command table (core/commands.h): every command
// documented with where it is reached from and its arguments in order, nothing documented that does
// not exist, and the id lists it quotes complete.
#include <doctest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/commands.h"

extern const char kPageHookDoc[];

using namespace capiton;

namespace {

struct Row {
    std::string name;
    std::vector<std::string> reach, args;
    std::string text;  // the whole line
};

std::string trim(const std::string& s) {
    const std::size_t a = s.find_first_not_of(' '), b = s.find_last_not_of(' ');
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

// The words between backticks in `cell`, in order.
std::vector<std::string> quoted(const std::string& cell) {
    std::vector<std::string> out;
    for (std::size_t a = cell.find('`'); a != std::string::npos; a = cell.find('`', a + 1)) {
        const std::size_t b = cell.find('`', a + 1);
        if (b == std::string::npos) break;
        out.push_back(cell.substr(a + 1, b - a - 1));
        a = b;
    }
    return out;
}

// The rows of the table under "## Commands" (lines "| `name` | reach | args | text |").
std::vector<Row> command_rows() {
    std::istringstream in(kPageHookDoc);
    std::string line;
    bool inside = false;
    std::vector<Row> rows;
    while (std::getline(in, line)) {
        if (line.rfind("## ", 0) == 0) inside = line == "## Commands";
        if (!inside || line.rfind("| `", 0) != 0) continue;
        std::vector<std::string> cells;
        std::size_t at = 1;
        for (std::size_t bar = line.find(" | ", at); bar != std::string::npos; bar = line.find(" | ", at)) {
            cells.push_back(trim(line.substr(at, bar - at)));
            at = bar + 3;
        }
        cells.push_back(trim(line.substr(at, line.size() - at - 1)));
        REQUIRE_MESSAGE(cells.size() == 4, line);
        Row r;
        r.name = quoted(cells[0]).at(0);
        std::istringstream reach(cells[1]);
        for (std::string w; std::getline(reach, w, ',');) r.reach.push_back(trim(w));
        if (cells[2] != "\xe2\x80\x93") r.args = quoted(cells[2]);  // "–": none
        r.text = line;
        rows.push_back(r);
    }
    return rows;
}

template <class E>
void every_id_in(const std::string& text) {
    for (const char* id : Ids<E>::names) {
        CAPTURE(id);
        CHECK(text.find(std::string("\"") + id + "\"") != std::string::npos);
    }
}

}  // namespace

TEST_CASE("docs/page-hook.md documents every command of the table, and only those, as they are") {
    const std::vector<Row> rows = command_rows();
    REQUIRE(rows.size() >= 10);
    std::set<std::string> documented;
    for (const Row& r : rows) {
        CAPTURE(r.text);
        CHECK(documented.insert(r.name).second);  // once each
        const Command* c = find_command(r.name);
        REQUIRE_MESSAGE(c, "documented but not in the table: " << r.name);
        std::vector<std::string> reach;
        for (Reach bit : {kHook, kMessage, kPage, kTest})
            if (c->reach & bit) reach.push_back(reach_name(bit));
        CHECK(r.reach == reach);
        std::vector<std::string> args;
        for (const Arg& a : c->args) args.push_back(a.name);
        CHECK(r.args == args);
    }
    for (const Command& c : commands()) CHECK_MESSAGE(documented.count(c.name), "not documented: " << std::string(c.name));
}

TEST_CASE("docs/page-hook.md quotes the id tables whole") {
    const std::string doc = kPageHookDoc;
    std::string stages;
    for (const char* id : Ids<Stage>::names) stages += std::string(stages.empty() ? "" : ", ") + "`" + id + "`";
    CHECK(doc.find("Stage ids, in order: " + stages.substr(0, 40)) != std::string::npos);
    std::string flat = doc;  // the stage list wraps over lines
    for (char& ch : flat)
        if (ch == '\n') ch = ' ';
    CHECK(flat.find("Stage ids, in order: " + stages + ".") != std::string::npos);
    for (const Row& r : command_rows()) {
        if (r.name == "setLanguage") every_id_in<Language>(r.text);
        if (r.name == "setLayer") every_id_in<Layer>(r.text);
        if (r.name == "setTheme") every_id_in<Theme>(r.text);
        if (r.name == "train") every_id_in<TaskId>(r.text);
    }
    // the names before each line's comment in the state's "matrices: {…}" block
    const std::size_t m = doc.find("matrices: {");
    REQUIRE(m != std::string::npos);
    std::istringstream block(doc.substr(m, doc.find("},", m) - m));
    std::set<std::string> listed;
    std::string line;
    std::getline(block, line);  // "matrices: {   // arrays of rows…"
    while (std::getline(block, line)) {
        std::istringstream names(line.substr(0, line.find("//")));
        for (std::string name; std::getline(names, name, ',');)
            if (!trim(name).empty()) listed.insert(trim(name));
    }
    for (const char* id : Ids<MatrixId>::names) CHECK_MESSAGE(listed.count(id), "state().matrices lacks " << std::string(id));
    CHECK(listed.size() == count_of<MatrixId>());
}
