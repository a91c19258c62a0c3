"""Official list readers. Each sub-package turns one publisher's files into Entity objects.

Sources know nothing of matching or storage: they only stream entities.
"""
