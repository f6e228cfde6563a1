#include "tests/tck/gherkin.h"

#include <map>
#include <sstream>

namespace actorgraph::tck {

namespace {

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r"), b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

bool StartsWith(const std::string& s, const char* p) {
  return s.rfind(p, 0) == 0;
}

// Gherkin cell escapes: \| \\ \n; any other backslash stays.
std::vector<std::string> SplitRow(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  size_t i = line.find('|') + 1;
  for (; i < line.size(); ++i) {
    char c = line[i];
    if (c == '\\' && i + 1 < line.size()) {
      char n = line[i + 1];
      if (n == '|' || n == '\\') {
        cell += n;
        ++i;
        continue;
      }
      if (n == 'n') {
        cell += '\n';
        ++i;
        continue;
      }
    }
    if (c == '|') {
      cells.push_back(Trim(cell));
      cell.clear();
      continue;
    }
    cell += c;
  }
  return cells;  // text after the last '|' is dropped
}

std::string Substitute(std::string s, const std::map<std::string, std::string>& values) {
  for (const auto& [k, v] : values) {
    const std::string key = "<" + k + ">";
    for (size_t p = s.find(key); p != std::string::npos; p = s.find(key, p + v.size()))
      s.replace(p, key.size(), v);
  }
  return s;
}

}  // namespace

std::vector<Scenario> ParseFeature(const std::string& text, const std::string& feature,
                                   std::string* error) {
  std::vector<std::string> lines;
  {
    std::istringstream in(text);
    std::string l;
    while (std::getline(in, l))
      lines.push_back(l);
  }
  std::vector<Scenario> out;
  std::vector<Step> background;
  enum class Block { kNone, kBackground, kScenario, kOutline, kExamples } block = Block::kNone;
  Scenario current;       // the scenario or outline being read
  Table examples;         // the current Examples table (header first)
  int examples_line = 0;  // line of the first Examples row
  std::vector<int> example_lines;
  std::vector<std::string> tags;
  auto fail = [&](int line, const std::string& what) {
    if (error->empty()) *error = feature + ":" + std::to_string(line) + ": " + what;
  };
  auto steps = [&]() -> std::vector<Step>* {
    if (block == Block::kBackground) return &background;
    if (block == Block::kScenario || block == Block::kOutline) return &current.steps;
    return nullptr;
  };
  auto flush_examples = [&]() {
    if (examples.size() < 2) return;
    const auto& header = examples[0];
    for (size_t r = 1; r < examples.size(); ++r) {
      std::map<std::string, std::string> values;
      for (size_t c = 0; c < header.size() && c < examples[r].size(); ++c)
        values[header[c]] = examples[r][c];
      Scenario s;
      s.feature = feature;
      s.name = Substitute(current.name, values) + " #" + std::to_string(r);
      s.line = example_lines[r];
      s.tags = current.tags;
      s.steps = background;
      for (Step st : current.steps) {
        st.text = Substitute(st.text, values);
        st.doc = Substitute(st.doc, values);
        for (auto& row : st.table)
          for (auto& cell : row)
            cell = Substitute(cell, values);
        s.steps.push_back(std::move(st));
      }
      out.push_back(std::move(s));
    }
    examples.clear();
    example_lines.clear();
  };
  auto finish = [&]() {
    if (block == Block::kScenario) {
      Scenario s = current;
      s.steps.insert(s.steps.begin(), background.begin(), background.end());
      out.push_back(std::move(s));
    } else if (block == Block::kExamples) {
      flush_examples();
    }
  };

  for (size_t i = 0; i < lines.size(); ++i) {
    const int lineno = static_cast<int>(i) + 1;
    const std::string t = Trim(lines[i]);
    if (t.empty() || t[0] == '#') continue;
    if (t[0] == '@') {
      std::istringstream in(t);
      std::string tag;
      while (in >> tag)
        tags.push_back(tag);
      continue;
    }
    if (StartsWith(t, "Feature:")) {
      tags.clear();
      continue;
    }
    if (StartsWith(t, "Background:")) {
      finish();
      block = Block::kBackground;
      continue;
    }
    if (StartsWith(t, "Scenario Outline:") || StartsWith(t, "Scenario Template:") ||
        StartsWith(t, "Scenario:")) {
      if (block == Block::kExamples)
        flush_examples();
      else
        finish();
      const bool outline = !StartsWith(t, "Scenario:");
      current = Scenario();
      current.feature = feature;
      current.name = Trim(t.substr(t.find(':') + 1));
      current.line = lineno;
      current.tags = std::move(tags);
      tags.clear();
      block = outline ? Block::kOutline : Block::kScenario;
      continue;
    }
    if (StartsWith(t, "Examples:") || StartsWith(t, "Scenarios:")) {
      if (block == Block::kExamples)
        flush_examples();
      else if (block != Block::kOutline)
        fail(lineno, "Examples outside a Scenario Outline");
      block = Block::kExamples;
      examples_line = lineno;
      continue;
    }
    if (t[0] == '|') {
      if (block == Block::kExamples) {
        examples.push_back(SplitRow(t));
        example_lines.push_back(lineno);
        continue;
      }
      auto* s = steps();
      if (!s || s->empty()) {
        fail(lineno, "a table outside a step");
        continue;
      }
      s->back().table.push_back(SplitRow(t));
      continue;
    }
    if (StartsWith(t, "\"\"\"") || StartsWith(t, "```")) {
      const std::string fence = t.substr(0, 3);
      const size_t indent = lines[i].find(fence);
      std::string doc;
      size_t j = i + 1;
      for (; j < lines.size(); ++j) {
        if (Trim(lines[j]) == fence) break;
        std::string l = lines[j];
        // Remove the fence's indentation (only where it is blank).
        size_t k = 0;
        while (k < indent && k < l.size() && (l[k] == ' ' || l[k] == '\t'))
          ++k;
        doc += l.substr(k) + "\n";
      }
      if (j == lines.size()) fail(lineno, "doc string not closed");
      auto* s = steps();
      if (!s || s->empty())
        fail(lineno, "a doc string outside a step");
      else
        s->back().doc = doc.empty() ? doc : doc.substr(0, doc.size() - 1);
      i = j;
      continue;
    }
    static const char* kKeywords[] = {"Given ", "When ", "Then ", "And ", "But ", "* "};
    bool matched = false;
    for (const char* k : kKeywords) {
      if (!StartsWith(t, k)) continue;
      auto* s = steps();
      if (!s) {
        fail(lineno, "a step outside a scenario");
      } else {
        Step st;
        st.keyword = Trim(k);
        st.text = Trim(t.substr(std::string(k).size()));
        st.line = lineno;
        s->push_back(std::move(st));
      }
      matched = true;
      break;
    }
    if (!matched && block == Block::kNone) continue;  // the feature's description
    if (!matched) fail(lineno, "unexpected line '" + t + "'");
  }
  (void)examples_line;
  finish();
  return out;
}

}  // namespace actorgraph::tck
