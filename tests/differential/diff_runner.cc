// plinth_diff_cases OUT_DIR [SUBSTRING]: writes every differential case's model and inputs to
// OUT_DIR, runs it through Plinth, writes Plinth's outputs and a manifest (cases.tsv) for
// compare_with_tflite.py.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tests/differential/diff_case.h"

namespace plinth::testing {

static std::vector<std::pair<std::string, DiffCaseFn>>& Groups() {
  static auto* groups = new std::vector<std::pair<std::string, DiffCaseFn>>();
  return *groups;
}
bool RegisterDiffCases(const char* group, DiffCaseFn fn) {
  Groups().emplace_back(group, fn);
  return true;
}
const std::vector<std::pair<std::string, DiffCaseFn>>& DiffCaseGroups() { return Groups(); }

namespace {

void Write(const std::string& path, const void* data, size_t size) {
  std::ofstream(path, std::ios::binary)
      .write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
}

std::string OneLine(std::string s) {
  for (char& c : s)
    if (c == '\t' || c == '\n') c = ' ';
  return s;
}

}  // namespace
}  // namespace plinth::testing

int main(int argc, char** argv) {
  using namespace plinth::testing;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR [SUBSTRING]\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const std::string filter = argc > 2 ? argv[2] : "";
  std::filesystem::create_directories(dir);
  std::ofstream manifest(dir + "/cases.tsv");
  manifest << "# case\tinputs\toutputs\ttolerance\tplinth_status\n";
  int count = 0;
  for (const auto& [group, fn] : DiffCaseGroups()) {
    std::vector<DiffCase> cases;
    fn(&cases);
    for (DiffCase& c : cases) {
      if (!filter.empty() && c.name.find(filter) == std::string::npos) continue;
      auto bytes = c.builder.Build();
      if (!bytes.ok()) {
        std::fprintf(stderr, "%s: cannot build: %s\n", c.name.c_str(),
                     std::string(bytes.status().message()).c_str());
        return 1;
      }
      Write(dir + "/" + c.name + ".tflite", bytes->data(), bytes->size());
      for (size_t i = 0; i < c.feeds.size(); ++i) {
        Write(dir + "/" + c.name + ".input" + std::to_string(i) + ".bin", c.feeds[i].data(),
              c.feeds[i].size());
      }
      std::string status = "ok";
      size_t num_outputs = 0;
      auto interp = PrepareModel(*bytes);
      absl::Status s = interp.ok() ? absl::OkStatus() : interp.status();
      for (size_t i = 0; s.ok() && i < c.feeds.size(); ++i) s = (*interp)->SetInput(i, c.feeds[i]);
      if (s.ok()) s = (*interp)->Invoke();
      if (s.ok()) {
        num_outputs = (*interp)->num_outputs();
        for (size_t o = 0; o < num_outputs; ++o) {
          plinth::Tensor t = (*interp)->output(o);
          Write(dir + "/" + c.name + ".plinth.output" + std::to_string(o) + ".bin", t.raw_data(),
                t.bytes());
        }
      } else {
        status = "error: " + OneLine(std::string(s.message()));
      }
      manifest << c.name << '\t' << c.feeds.size() << '\t' << num_outputs << '\t' << c.tolerance
               << '\t' << status << '\n';
      ++count;
    }
  }
  std::printf("wrote %d differential cases to %s\n", count, dir.c_str());
  return 0;
}
