"""Date formats per language (settings.FORMAT_MODULE_PATH): English as CHANCE writes it, and
Haitian Creole, which Django lacks. Spanish is Django's own."""
