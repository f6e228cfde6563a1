// Reading the records of one CSV file into an import, with the error and
// encoding reporting every CSV importer shares.
//
// Thread-safety: none; one import at a time, as ImportSink.
#pragma once

#include <functional>
#include <string>

#include "common/status.h"
#include "import/import_sink.h"
#include "import/text_input.h"

namespace actorgraph {

// Calls `row` on each record left in `csv` (which reads `lines`, both of
// file `file`), stopping at the first error `row` returns. Then: a malformed
// record (an unterminated quote) goes to the rejects as its line and the
// import goes on; any other read error ends it, naming the file; lines that
// were not UTF-8 and were read as Latin-1 are reported in one warning.
Status DrainCsv(const std::string& file, LineReader* lines, CsvReader* csv, ImportSink* sink,
                const std::function<Status(const CsvRecord&)>& row);

// The warning for a file some of whose lines were read as Latin-1; none
// when all were UTF-8.
void WarnIfTranscoded(const std::string& file, const LineReader& lines, ImportSink* sink);

}  // namespace actorgraph
