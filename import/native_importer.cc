// The native JSON-lines format through `import`: the NativeLoader with the
// import options (skip bad lines to a reject file, a default grade).
#include "import/importer.h"
#include "import/native_loader.h"

namespace actorgraph {

namespace {

class NativeImporter : public Importer {
 public:
  int passes() const override { return 3; }
  Status Run(const std::vector<std::string>& files, ImportSink* sink) override {
    NativeLoader loader(sink->txn());
    loader.set_default_grade(sink->options().grade);
    loader.set_parse_thread(sink->options().parse_thread);
    uint64_t* bytes = sink->bytes_counter();
    loader.set_progress([&](const LoadProgress& p) {
      *bytes = p.bytes;
      sink->Progress(p.records);
    });
    if (sink->options().on_error == OnError::kSkip)
      loader.set_on_error(
          [&](const std::string& file, uint64_t line, const Status& why, const std::string& text) {
            return sink->Reject(file, "line " + std::to_string(line), why, text);
          });
    Status s = loader.LoadFiles(files);
    // Records are counted by the sink for rejects; add the good ones.
    sink->CountRecords(loader.progress().records);
    return s;
  }
};

}  // namespace

std::unique_ptr<Importer> MakeNativeImporter() {
  return std::make_unique<NativeImporter>();
}

}  // namespace actorgraph
