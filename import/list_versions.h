// Sanctions lists over time. A list file (the UN consolidated list, OFAC's
// SDN list) is a snapshot of one authority's list on the day it was
// published: a *version*. Importing successive versions turns them into a
// history of listings in valid time.
//
// Each import records its version as a `ListVersion` node
// ("listversion:AUTHORITY:DOCUMENT") holding the version's date, its Document
// and one entry per listed entity (entity id, the SANCTIONED properties, the
// listing date the record states, a digest of the record's content). Then
// the authority's SANCTIONED relationships are recomputed from all its
// versions, so the order of imports does not matter and re-importing a
// version changes nothing:
//   - an entity shown by consecutive versions i..j holds one relationship,
//     valid from the listing date its record states (or, without one, version
//     i's date) to an end known only to fall between version j's date and
//     version j+1's (ValidInterval::to_latest); open when j is the newest;
//   - an entity that comes back after a gap, or whose listing changes (another
//     program or reference), gets another relationship, with the id
//     "ENTITY:sanctioned@DATE" for the run starting at version DATE; the
//     earlier one keeps its values and ends between the two versions;
//   - the relationship of a run has a claim citing each version that shows
//     it, and a denying claim citing the version that no longer does;
//   - a name, alias or relationship (address, identifier, contact) that some
//     versions of an entry show and others do not holds over the versions
//     that show it: an alias gets that interval, a relationship too (with a
//     denying claim citing the version that dropped it), and a property whose
//     value changed gets a claim per version citing the value it showed.
// A version without a date is accepted only as the authority's only one.
//
// Thread-safety: one thread; borrows the WriteTxn.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/grade.h"
#include "common/model.h"
#include "common/partial_date.h"
#include "common/status.h"
#include "engine/write_txn.h"

namespace actorgraph {

// One entity as a list version shows it.
struct ListEntry {
  std::string entity;  // node id of the listed entity
  ValueMap props;      // of the SANCTIONED relationship: program, regime, reference
  std::optional<PartialDate> listed_on;  // the date the record states, if any
  std::string locator;                   // where in the file ("record QDi.001", "line 12")
  std::string digest;                    // of the record's content: a change shows as a new digest
  // What the record says of the entity, so that a value one version shows and
  // another does not keeps the interval of the versions that show it:
  std::vector<std::string> names;  // its name and aliases
  std::vector<std::string>
      rels;         // ids of its other relationships (addresses, identifiers, contacts)
  ValueMap values;  // its properties
};

// A version as stored (read back from its ListVersion node).
struct StoredListVersion {
  std::string id;  // the ListVersion node's id
  std::string authority, document;
  std::optional<PartialDate> published;
  std::vector<ListEntry> entries;
};

class ListVersionRecorder {
 public:
  // `authority`: node id of the list's authority (it must exist by Finish);
  // `document`: node id of the file's Document.
  ListVersionRecorder(std::string authority, std::optional<PartialDate> published,
                      std::string document, std::optional<Grade> grade);

  void Add(ListEntry e);
  // The entry added last for `entity` (records in other files of the version,
  // such as OFAC's alt.csv and add.csv, add to it); nullptr if none.
  ListEntry* Find(const std::string& entity);
  size_t size() const { return entries_.size(); }
  const std::optional<PartialDate>& published() const { return published_; }

  // Writes the version and recomputes the authority's SANCTIONED
  // relationships. Fails, naming `date_flag`, when this version has no date
  // and the authority already has another version (or the reverse).
  // `same_txn` holds the versions finished earlier in this transaction
  // (several files of one import), which the committed state does not show
  // yet; this version is added to it.
  Status Finish(WriteTxn* txn, const std::string& date_flag,
                std::vector<StoredListVersion>* same_txn);

 private:
  // Dates the entry's names and relationships and cites its changed values
  // (see the file comment); `slots[i]`: the entry as version i shows it.
  Status DateValues(WriteTxn* txn, const std::vector<StoredListVersion>& versions,
                    const std::vector<NodeId>& docs, NodeId authority, const std::string& entity,
                    NodeId entity_id, const std::vector<const ListEntry*>& slots) const;

  std::string authority_;
  std::optional<PartialDate> published_;
  std::string document_;
  std::optional<Grade> grade_;
  std::vector<ListEntry> entries_;
  std::map<std::string, size_t> last_entry_;  // entity -> index in entries_
};

// Every version of `authority` in `view`, oldest first.
Result<std::vector<StoredListVersion>> ReadListVersions(const ReadView& view,
                                                        const std::string& authority);

// True when `published` is before the newest version of `authority` already
// stored: such a version must not overwrite what newer ones say of an entity.
Result<bool> OlderThanStoredVersions(const ReadView& view, const std::string& authority,
                                     const std::optional<PartialDate>& published);

// Node ids of the authorities that have list versions.
Result<std::vector<std::string>> ListAuthorities(const ReadView& view);

}  // namespace actorgraph
