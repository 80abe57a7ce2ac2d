// capiton ui: the id lists the UI still keeps itself — languages, themes, the training task index,
// the catalog keys of a stage. Each is written only here, so that it can be swapped for src/core's
// id tables (Ids<Language>, Ids<Theme>, Ids<TaskId>, Ids<Stage>) in one place.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>

#include "core/session.h"

namespace capiton::ui {

// ---- TO BE TAKEN FROM src/core: languages (ids as in src/ui/lang/<id>.txt; names in themselves,
// as language menus write them) ----
constexpr int kLanguageCount = 2;
constexpr const char* kLanguages[kLanguageCount][2] = {{"en", "English"}, {"zh", "\xe4\xb8\xad\xe6\x96\x87"}};
inline int lang_index(const std::string& lang) { return lang == "zh" ? 1 : 0; }

// ---- TO BE TAKEN FROM src/core: themes ----
constexpr const char* kThemeLight = "light";
constexpr const char* kThemeDark = "dark";
inline bool is_dark(const std::string& theme) { return theme == kThemeDark; }

// ---- TO BE TAKEN FROM src/core: training tasks. The view's chosen task as an index into
// task_ids(), clamped into range (the view may hold any number).
inline std::size_t task_index(int chosen, std::size_t task_count) {
    return static_cast<std::size_t>(std::clamp(chosen, 0, static_cast<int>(task_count) - 1));
}

// ---- TO BE TAKEN FROM src/core: a stage's catalog keys, "stage.<id>.<part>" (title, formula, body,
// short, …) ----
inline std::string stage_key(Stage st, const char* part) { return std::string("stage.") + stage_id(st) + "." + part; }

}  // namespace capiton::ui
