"""The pure-Python core: documents, corpus, annotations, store. No Textual or Rich here."""
