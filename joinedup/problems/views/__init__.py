"""Problem-solving pages: profiles (`profiles`), patrols (`patrols`), engagement programmes
(`engagement`) and the community asset map (`assets`)."""
