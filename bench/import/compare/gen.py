# Writes jsonl.in (200k person nodes with a claim each, 2k relationships with
# claims, 2k claim records) and acled.in (20k rows) into the current
# directory, for dump.sh: GEN=$PWD bench/import/compare/dump.sh BINARY OUTDIR
names = ["Amadou", "Moussa", "Fatoumata", "Ibrahim", "Aminata", "Oumar", "Mariam", "Boubacar", "Hawa", "Seydou"]
fam = ["Traore", "Keita", "Coulibaly", "Diarra", "Cisse", "Toure", "Sangare", "Konate", "Dembele", "Maiga"]
def pn(i):
    return f"{names[i % 10]} {fam[(i // 10) % 10]} {i}"
n = 200000
with open("jsonl.in", "w") as o:
    o.write('{"kind":"node","id":"doc","labels":["Document"],"name":"Generated"}\n')
    for i in range(1, n):
        o.write('{"kind":"node","id":"p%d","labels":["Person"],"name":"%s","props":{"nationality":"Mali"},"claims":[{"source":"doc","locator":"line %d"}]}\n' % (i, pn(i), i + 1))
    for i in range(1, 2000):
        o.write('{"kind":"rel","type":"ALLIED_WITH","src":"p%d","dst":"p%d","claims":[{"source":"doc","locator":"r%d"}]}\n' % (i, i + 1, i))
        o.write('{"kind":"claim","node":"p%d","property":"nationality","value":"Mali","source":"doc","locator":"c%d"}\n' % (i, i))
n = 20000
with open("acled.in", "w") as o:
    o.write("event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,inter1,actor2,inter2,country,admin1,admin2,location,latitude,longitude,source,notes,fatalities\n")
    for i in range(n):
        m = i % 12 + 1
        d = i % 28 + 1
        o.write(f"MLI{i},2022-{m:02d}-{d:02d},1,Battles,Armed clash,Group {i % 500},2,Military Forces of Mali,1,Mali,Region {i % 10},Cercle {i % 50},Village {i % 5000},14.{i % 1000},-4.{i % 997},\"Source A; Source B\",\"Clash near village, {i}.\",{i % 7}\n")
