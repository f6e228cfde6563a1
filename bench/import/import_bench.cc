// import_bench: import throughput per format, in records per second.
//
// For each format it writes a generated file of N records (default one
// million) into a scratch directory, imports it into a fresh database in one
// transaction (as `actorgraph import` does) and prints records/s. The
// un-report run uses a text report of N numbered paragraphs, each naming an
// entity of the Sahel dataset, loaded first so that mentions are found.
//
// Imports spill staged batches every --spill N entities (default
// ImportOptions::kDefaultSpillEntities, 0 never), so memory should not grow with N: the
// last line is the process's peak RSS. For one figure per size run one
// format per process, e.g.
//   /usr/bin/time -v build/bench/import/import_bench --records 1000000 --formats acled
//
// RocksDB's block cache fills up to --block-cache-mb (default 512, as the
// CLI's) as the database grows, so at 1M records it is most of the peak; a
// small cache shows what the import itself holds.
//
//   build/bench/import/import_bench [--records N] [--formats a,b,…] [--dir DIR] [--spill N]
//                                   [--block-cache-mb N]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <rocksdb/db.h>

#include "engine/bulk_loader.h"
#include "engine/database.h"
#include "engine/store_core.h"
#include "import/importer.h"
#include "import/native_loader.h"

namespace fs = std::filesystem;
using namespace actorgraph;

namespace {

const char* kNames[] = {"Amadou", "Moussa", "Fatoumata", "Ibrahim", "Aminata",
                        "Oumar",  "Mariam", "Boubacar",  "Hawa",    "Seydou"};
const char* kFamilies[] = {"Traore", "Keita",   "Coulibaly", "Diarra",  "Cisse",
                           "Toure",  "Sangare", "Konate",    "Dembele", "Maiga"};

std::string PersonName(uint64_t i) {
  return std::string(kNames[i % 10]) + " " + kFamilies[(i / 10) % 10] + " " + std::to_string(i);
}

// Writes the file(s) for `format` with `n` records; returns their paths.
std::vector<std::string> Generate(const std::string& format, uint64_t n, const fs::path& dir) {
  std::vector<std::string> files;
  auto open = [&](const std::string& name) {
    files.push_back((dir / name).string());
    return std::ofstream(files.back(), std::ios::binary);
  };
  if (format == "jsonl") {
    auto out = open("gen.jsonl");
    out << "{\"kind\":\"node\",\"id\":\"doc\",\"labels\":[\"Document\"],\"name\":\"Generated\"}\n";
    for (uint64_t i = 1; i < n; ++i)
      out << "{\"kind\":\"node\",\"id\":\"p" << i << "\",\"labels\":[\"Person\"],\"name\":\""
          << PersonName(i) << "\",\"props\":{\"nationality\":\"Mali\"},\"claims\":[{\"source\":"
          << "\"doc\",\"locator\":\"line " << i + 1 << "\"}]}\n";
  } else if (format == "ftm") {
    auto out = open("gen.ftm.jsonl");
    for (uint64_t i = 0; i < n; ++i) {
      if (i % 4 == 3)
        out << "{\"id\":\"own" << i << "\",\"schema\":\"Ownership\",\"properties\":{\"owner\":[\"e"
            << i - 2 << "\"],\"asset\":[\"e" << i - 1 << "\"],\"percentage\":[\"25\"],"
            << "\"startDate\":[\"2020-01\"]}}\n";
      else if (i % 4 == 2)
        out << "{\"id\":\"e" << i << "\",\"schema\":\"Company\",\"properties\":{\"name\":[\"Sahel "
            << i << " SARL\"],\"phone\":[\"+223 76 " << 100000 + i % 900000 << "\"]}}\n";
      else
        out << "{\"id\":\"e" << i << "\",\"schema\":\"Person\",\"properties\":{\"name\":[\""
            << PersonName(i) << "\"],\"birthDate\":[\"1970\"]}}\n";
    }
  } else if (format == "acled") {
    auto out = open("gen.acled.csv");
    out << "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,inter1,"
           "actor2,inter2,country,admin1,admin2,location,latitude,longitude,source,notes,"
           "fatalities\n";
    for (uint64_t i = 0; i < n; ++i)
      out << "MLI" << i << ",2022-" << (i % 12 + 1 < 10 ? "0" : "") << i % 12 + 1 << "-"
          << (i % 28 + 1 < 10 ? "0" : "") << i % 28 + 1 << ",1,Battles,Armed clash,Group "
          << i % 500 << ",2,Military Forces of Mali,1,Mali,Region " << i % 10 << ",Cercle "
          << i % 50 << ",Village " << i % 5000 << ",14." << i % 1000 << ",-4." << i % 997
          << ",\"Source A; Source B\",\"Clash near village, " << i << ".\"," << i % 7 << "\n";
  } else if (format == "neo4j-csv") {
    auto out = open("gen.nodes.csv");
    out << "id:ID,name,:LABEL,birth_date:date,nationality\n";
    for (uint64_t i = 0; i < n; ++i)
      out << "p" << i << "," << PersonName(i) << ",Person,1970-01-0" << i % 9 + 1 << ",Mali\n";
  } else if (format == "un-sanctions") {
    auto out = open("gen.xml");
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CONSOLIDATED_LIST><INDIVIDUALS>\n";
    for (uint64_t i = 0; i < n; ++i)
      out << "<INDIVIDUAL><DATAID>" << i << "</DATAID><FIRST_NAME>" << PersonName(i)
          << "</FIRST_NAME><UN_LIST_TYPE>Mali</UN_LIST_TYPE><REFERENCE_NUMBER>MLi." << i
          << "</REFERENCE_NUMBER><LISTED_ON>2019-12-20</LISTED_ON><NATIONALITY><VALUE>Mali"
          << "</VALUE></NATIONALITY><INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Abu " << i
          << "</ALIAS_NAME></INDIVIDUAL_ALIAS></INDIVIDUAL>\n";
    out << "</INDIVIDUALS></CONSOLIDATED_LIST>\n";
  } else if (format == "ofac") {
    auto out = open("gen.sdn.csv");
    for (uint64_t i = 0; i < n; ++i)
      out << i + 1 << ",\"" << PersonName(i) << "\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,"
          << "-0- ,-0- ,-0- ,\"DOB 01 Jan 1970; a.k.a. 'ABU " << i << "'; nationality Mali.\"\n";
  } else if (format == "bulk") {
    // Generated in memory (BulkLoad).
  } else if (format == "un-report") {
    auto out = open("gen.report.txt");
    out << "United Nations    S/2099/1\nSecurity Council\n1 January 2099\n\nGenerated report "
           "for the import benchmark\n\n";
    const char* ents[] = {"Wagner Group", "FAMa", "MINUSMA", "Moura", "Human Rights Watch"};
    for (uint64_t i = 1; i <= n; ++i)
      out << i << ". The Panel received report " << i << " on the " << ents[i % 5]
          << " in central Mali. It continues to\ninvestigate the events described.\n\n";
  }
  return files;
}

// What RocksDB holds in memory now (a bounded share of the RSS: memtables up
// to their write buffers, the block cache up to OpenOptions::block_cache_mb, and the
// index and filter blocks of open table files).
std::string RocksMemory(Database* db) {
  StoreCore* core = CoreOf(*db);  // white-box: RocksDB's own figures
  uint64_t memtables = 0, readers = 0, cache = 0, v = 0;
  for (int c = 0; c < kNumCfs; ++c) {
    if (core->db->GetIntProperty(core->h(c), "rocksdb.cur-size-all-mem-tables", &v)) memtables += v;
    if (core->db->GetIntProperty(core->h(c), "rocksdb.estimate-table-readers-mem", &v))
      readers += v;
  }
  core->db->GetIntProperty(core->h(kNodes), "rocksdb.block-cache-usage", &cache);
  char buf[160];
  std::snprintf(buf, sizeof buf,
                "RocksDB now: memtables %llu MiB, block cache %llu MiB, table readers %llu MiB",
                static_cast<unsigned long long>(memtables >> 20),
                static_cast<unsigned long long>(cache >> 20),
                static_cast<unsigned long long>(readers >> 20));
  return buf;
}

// The "bulk" row: the nodes of the jsonl file (without their claims, which
// the bulk loader does not take) through BulkLoader, for comparison.
Status BulkLoad(Database* db, uint64_t n) {
  AG_ASSIGN_OR_RETURN(auto loader, BulkLoader::Begin(db, "bulk"));
  Node doc;
  doc.xid = "doc";
  doc.labels = {"Document"};
  doc.name = "Generated";
  AG_RETURN_IF_ERROR(loader->AddNode(std::move(doc)).status());
  for (uint64_t i = 1; i < n; ++i) {
    Node p;
    p.xid = "p" + std::to_string(i);
    p.labels = {"Person"};
    p.name = PersonName(i);
    p.props = {{"nationality", Value("Mali")}};
    AG_RETURN_IF_ERROR(loader->AddNode(std::move(p)).status());
  }
  return loader->Finish().status();
}

// User and system CPU of every thread so far: on a shared machine the wall
// time depends on the others' load, the CPU time much less.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

long PeakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t n = 1000000;
  std::string formats = "jsonl,ftm,acled,neo4j-csv,un-sanctions,ofac,un-report";
  fs::path dir = fs::temp_directory_path() / "actorgraph-import-bench";
  size_t spill = ImportOptions::kDefaultSpillEntities;
  OpenOptions open_options;  // --block-cache-mb: the cache is most of the peak at 1M records
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--records" && i + 1 < argc)
      n = std::stoull(argv[++i]);
    else if (a == "--formats" && i + 1 < argc)
      formats = argv[++i];
    else if (a == "--dir" && i + 1 < argc)
      dir = argv[++i];
    else if (a == "--spill" && i + 1 < argc)
      spill = std::stoull(argv[++i]);
    else if (a == "--block-cache-mb" && i + 1 < argc)
      open_options.block_cache_mb = std::stoull(argv[++i]);
    else {
      std::cerr << "usage: import_bench [--records N] [--formats a,b,…] [--dir DIR] [--spill N]"
                   " [--block-cache-mb N]\n";
      return a == "--help" ? 0 : 2;
    }
  }
  std::printf("%-13s %10s %10s %12s %8s %9s %7s %9s\n", "format", "records", "seconds", "records/s",
              "cpu s", "MiB file", "spills", "peak MiB");
  std::stringstream list(formats);
  std::string format;
  while (std::getline(list, format, ',')) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    const auto files = Generate(format, n, dir);
    uint64_t bytes = 0;
    for (const auto& f : files)
      bytes += fs::file_size(f);
    auto db = Database::Open((dir / "db").string(), open_options);
    if (!db.ok()) {
      std::cerr << db.status().ToString() << "\n";
      return 1;
    }
    if (format == "un-report") {  // entities to mention
      auto txn = (*db)->BeginWrite("sahel");
      NativeLoader loader(txn.get());
      Status s = loader.LoadFiles({std::string(AG_SOURCE_DIR) + "/data/sahel/sahel.jsonl"});
      if (!s.ok() || !txn->Commit().ok()) {
        std::cerr << "loading the Sahel dataset: " << s.ToString() << "\n";
        return 1;
      }
    }
    ImportOptions options;
    options.reject_path = (dir / "rejects.jsonl").string();
    options.spill_entities = spill;
    // AG_PARSE_THREAD=0: JSON lines parsed on the importing thread (to compare).
    if (const char* v = std::getenv("AG_PARSE_THREAD"))
      options.parse_thread = std::string(v) != "0";
    ImportReport report;
    const auto start = std::chrono::steady_clock::now();
    const double cpu0 = CpuSeconds();
    Status s;
    if (format == "bulk") {
      s = BulkLoad(db->get(), n);
      report.records = n;
    } else {
      s = RunImport(db->get(), format, files, options, &report);
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!s.ok()) {
      std::cerr << format << ": " << s.ToString() << "\n";
      return 1;
    }
    const double cpu = CpuSeconds() - cpu0;
    std::printf("%-13s %10llu %10.1f %12.0f %8.1f %9.0f %7llu %9ld\n", format.c_str(),
                static_cast<unsigned long long>(report.records), secs, report.records / secs, cpu,
                bytes / 1048576.0, static_cast<unsigned long long>(report.spills), PeakRssMiB());
    std::printf("  %s\n", RocksMemory(db->get()).c_str());
    std::fflush(stdout);
    db->reset();
    fs::remove_all(dir);
  }
  std::printf("peak RSS %ld MiB\n", PeakRssMiB());
  return 0;
}
