# Turns a text file into a C++ raw string literal: -DIN=file -DOUT=file.inc
file(READ ${IN} CONTENT)
file(WRITE ${OUT} "R\"AGEMBED(${CONTENT})AGEMBED\"")
