"""The pure-Python core, in packages by what they hold. No Textual or Rich here."""
