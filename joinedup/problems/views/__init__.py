"""Problem-solving pages: profiles (`profiles`) and patrols (`patrols`)."""
