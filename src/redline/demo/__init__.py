"""The demo list and sample inputs, written by the redline authors from public facts.

NOT an official sanctions list. It lets redline run offline and in tests; every entry
paraphrases a public designation (OFAC SDN, EU, BIS Entity List) with a citation.
"""
