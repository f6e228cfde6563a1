// The known-alias table: names that stand for one armed actor across
// sources, in English, French and transliterated Arabic, where nothing in
// the names themselves (spelling, initials) says so: "Group for Support of
// Islam and Muslims" (ACLED) is JNIM is "Jama'at Nusrat al-Islam
// wal-Muslimin" (UN, OFAC). One row per actor, its key first. Rows are
// matched after LatinizeName, word by word through SpellingKey, so spelling
// variants need no rows of their own; particles are kept ("ISIL-WA", ISIS
// West Africa, is not ISIL).
//
// Keep it small and sourced: an entry here makes two records near-certain
// to be proposed (score about 0.9 before other evidence).
#include <map>
#include <vector>

#include "common/words.h"
#include "import/name_normalize.h"

namespace actorgraph {

namespace {

const std::vector<std::vector<const char*>>& Rows() {
  static const std::vector<std::vector<const char*>> rows = {
      {"jnim", "JNIM", "Jama'at Nusrat al-Islam wal-Muslimin",
       "Jamaat Nusrat al-Islam wa al-Muslimin", "Jama'a Nusrat ul-Islam wa al-Muslimin",
       "Group for Support of Islam and Muslims", "Group to Support Islam and Muslims",
       "Support Group for Islam and Muslims", "GSIM", "Nusrat al-Islam",
       "Groupe de soutien a l'islam et aux musulmans"},
      {"aqim", "AQIM", "Al-Qaida in the Islamic Maghreb", "Al-Qaeda in the Islamic Maghreb",
       "Al Qaida au Maghreb islamique", "AQMI",
       "The Organization of Al-Qaida in the Islamic Maghreb",
       "Tanzim al-Qaida fi Bilad al-Maghrib al-Islamiya"},
      {"gspc", "GSPC", "Salafist Group for Call and Combat",
       "Salafist Group for Preaching and Combat",
       "Groupe Salafiste pour la Predication et le Combat"},
      {"isgs", "ISGS", "Islamic State in the Greater Sahara", "Islamic State Greater Sahara",
       "ISIS-GS", "IS-GS", "EIGS", "Etat islamique dans le Grand Sahara",
       "Islamic State Sahel Province", "IS Sahel", "ISSP"},
      {"iswap", "ISWAP", "Islamic State West Africa Province", "Islamic State West Africa",
       "ISIS-WA"},
      {"boko-haram", "Boko Haram", "Jama'atu Ahlis Sunna Lidda'awati wal-Jihad",
       "Jama'atu Ahl as-Sunnah li-Da'awati wal-Jihad"},
      {"isil", "ISIL", "ISIS", "Islamic State of Iraq and the Levant",
       "Islamic State of Iraq and Syria", "Islamic State of Iraq and al-Sham", "Daesh", "Da'esh",
       "Islamic State"},
      {"ansar-dine", "Ansar Eddine", "Ansar Dine", "Ansar al-Din", "Ansar ud-Din"},
      {"mujao", "MUJAO", "Movement for Oneness and Jihad in West Africa",
       "Movement for Unity and Jihad in West Africa",
       "Mouvement pour l'unicite et le jihad en Afrique de l'Ouest", "MUJWA",
       "Jamat Tawhid Wal Jihad Fi Garbi Afriqqiya"},
      {"al-mourabitoun", "Al-Mourabitoun", "Al-Murabitun", "Al Mourabitoune", "The Sentinels"},
      {"katiba-macina", "Katiba Macina", "Katibat Macina", "Macina Liberation Front",
       "Front de liberation du Macina", "FLM"},
      {"fama", "FAMa", "Malian Armed Forces", "Forces Armees Maliennes", "Military Forces of Mali",
       "Malian Army", "Mali Armed Forces", "Armed Forces of Mali"},
      {"minusma", "MINUSMA",
       "United Nations Multidimensional Integrated Stabilization Mission in Mali",
       "UN Multidimensional Integrated Stabilization Mission in Mali", "UN Mali mission",
       "United Nations stabilization mission in Mali"},
      {"wagner", "Wagner Group", "PMC Wagner", "Private Military Company Wagner", "ChVK Wagner",
       "Wagner", "Vagner", "Group Wagner", "Wagner PMC", "PMC Vagner"},
      {"barkhane", "Operation Barkhane", "Barkhane Force", "Force Barkhane"},
      {"g5-sahel", "G5 Sahel Joint Force", "FC-G5S", "Force conjointe du G5 Sahel"},
      {"mnla", "MNLA", "National Movement for the Liberation of Azawad",
       "Mouvement national de liberation de l'Azawad"},
      {"cma", "CMA", "Coordination of Azawad Movements", "Coordination des mouvements de l'Azawad"},
      {"gatia", "GATIA", "Imghad Tuareg and Allies Self-Defense Group",
       "Groupe d'autodefense touareg Imghad et allies"},
      {"dan-na-ambassagou", "Dan Na Ambassagou", "Dana Ambassagou", "Dan Nan Ambassagou"},
      {"al-shabaab", "Al-Shabaab", "Harakat al-Shabaab al-Mujahideen",
       "Harakat Shabaab al-Mujahidin", "Mujahideen Youth Movement"},
      {"hts", "HTS", "Hay'at Tahrir al-Sham", "Hayat Tahrir al-Sham",
       "Al-Nusrah Front for the People of the Levant", "Jabhat al-Nusra", "Al-Nusrah Front",
       "Jabhat Fath al-Sham"},
  };
  return rows;
}

std::string LookupForm(const std::string& latinised) {
  std::string out;
  for (const auto& w : SplitWords(latinised)) {
    if (!out.empty()) out.push_back(' ');
    out += SpellingKey(w);
  }
  return out;
}

}  // namespace

std::string KnownAliasKey(const std::string& latinised) {
  static const std::map<std::string, std::string> index = [] {
    std::map<std::string, std::string> m;
    for (const auto& row : Rows())
      for (size_t i = 1; i < row.size(); ++i)
        m.emplace(LookupForm(LatinizeName(row[i])), row[0]);
    return m;
  }();
  auto it = index.find(LookupForm(latinised));
  return it == index.end() ? std::string() : it->second;
}

}  // namespace actorgraph
