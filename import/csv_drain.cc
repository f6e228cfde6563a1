#include "import/csv_drain.h"

namespace actorgraph {

Status DrainCsv(const std::string& file, LineReader* lines, CsvReader* csv, ImportSink* sink,
                const std::function<Status(const CsvRecord&)>& row) {
  CsvRecord rec;
  while (csv->Next(&rec))
    AG_RETURN_IF_ERROR(row(rec));
  if (!csv->status().ok() && csv->error_line())
    AG_RETURN_IF_ERROR(
        sink->Reject(file, "line " + std::to_string(csv->error_line()), csv->status(), rec.raw));
  else if (!csv->status().ok())
    return csv->status().WithContext(file);
  WarnIfTranscoded(file, *lines, sink);
  return Status::OK();
}

void WarnIfTranscoded(const std::string& file, const LineReader& lines, ImportSink* sink) {
  if (lines.transcoded_lines())
    sink->Warn(file + ": " + std::to_string(lines.transcoded_lines()) +
               " lines were not UTF-8 and were read as Latin-1 (first: line " +
               std::to_string(lines.first_transcoded_line()) + ")");
}

}  // namespace actorgraph
