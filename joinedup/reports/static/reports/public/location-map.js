// The location page's map: select a place, or use the device's location, to fill in the hidden fields.
// Without JavaScript (or Leaflet) the page offers a street search and a ward list instead.
(function () {
  const section = document.getElementById('pin-section')
  if (!section || !window.L) return
  const settings = JSON.parse(document.getElementById('location-map-settings').textContent)
  const form = document.getElementById('pin-form')
  const longitude = form.elements.longitude
  const latitude = form.elements.latitude
  const status = document.getElementById('pin-status')
  const locateButton = document.getElementById('use-my-location')
  section.hidden = false

  const map = L.map('location-map', { scrollWheelZoom: false })
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>')
  if (settings.tiles) {
    L.tileLayer(settings.tiles, { maxZoom: 19, attribution: settings.attribution }).addTo(map)
  }
  map.attributionControl.addAttribution('Boundaries: ONS, OS © Crown copyright; Martin Chorley, CC BY 4.0')
  // The area's outline, so the map means something without a tile server. Clicks pass through to the map.
  const outline = L.geoJSON(JSON.parse(settings.outline), {
    style: { color: '#1d70b8', weight: 2, fillColor: '#1d70b8', fillOpacity: 0.05 },
    interactive: false
  }).addTo(map)
  if (settings.bounds) {
    const b = settings.bounds
    map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [8, 8] })
  } else if (outline.getLayers().length) {
    map.fitBounds(outline.getBounds())
  } else {
    map.setView([54, -2], 6)
  }

  let marker = null
  function place (latlng, message) {
    if (marker) {
      marker.setLatLng(latlng)
    } else {
      marker = L.marker(latlng, { keyboard: false, alt: 'The place you selected' }).addTo(map)
    }
    longitude.value = latlng.lng.toFixed(6)
    latitude.value = latlng.lat.toFixed(6)
    status.textContent = message
  }

  map.on('click', function (event) {
    place(event.latlng, 'Place selected. Select “Use this place” to continue, or select another place.')
  })
  if (longitude.value && latitude.value) {
    const chosen = L.latLng(parseFloat(latitude.value), parseFloat(longitude.value))
    place(chosen, 'The place you chose before is marked on the map.')
    map.setView(chosen, 16)
  }

  if (!('geolocation' in navigator)) {
    locateButton.hidden = true
    return
  }
  locateButton.addEventListener('click', function () {
    status.textContent = 'Finding your location…'
    navigator.geolocation.getCurrentPosition(
      function (position) {
        const here = L.latLng(position.coords.latitude, position.coords.longitude)
        place(here, 'Your location is marked on the map. Move the marker by selecting another place if it is not quite right.')
        map.setView(here, 17)
      },
      function () {
        status.textContent = 'We could not find your location. Select the place on the map, or search for a street.'
      },
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 }
    )
  })
})()
