"""Client-side rating (好差评) services: save locally first, then send to the server."""
