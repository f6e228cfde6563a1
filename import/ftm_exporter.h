// Writes the graph (as of a read view) as FollowTheMoney entity JSON lines,
// the format OCCRP Aleph and OpenSanctions read: actors as Person, Company or
// Organization (with their phones, emails and addresses as properties),
// Address nodes as Address, and relationships between actors as Ownership,
// Directorship, Membership, Employment, Sanction or UnknownLink. Documents,
// events and places have no FtM counterpart here and are left out.
// Ids that came from FtM ("ftm:X") are written back as X.
#pragma once

#include <ostream>

#include "engine/ontology.h"
#include "engine/read_view.h"
#include "common/status.h"

namespace actorgraph {

Status ExportFtm(const ReadView& view, const Ontology& ontology, std::ostream& out);

}  // namespace actorgraph
