"""Administrative procedures and citizens' dossiers at the one-stop centre (thủ tục hành chính)."""
