"""Official documents (公文) issued by the procedure's steps, their templates, and the dossier."""
