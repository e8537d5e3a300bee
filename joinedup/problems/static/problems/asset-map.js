// The asset map (a point per asset, linking to its page) and the asset form's place picker.
// Without JavaScript the list page's table and the form's latitude, grid reference and street fields do the work.
(function () {
  if (!window.L) return

  function baseMap (element, settings) {
    const map = L.map(element, { scrollWheelZoom: false })
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>')
    if (settings.tiles) {
      L.tileLayer(settings.tiles, { maxZoom: 19, attribution: settings.attribution }).addTo(map)
    }
    if (settings.bounds) {
      const b = settings.bounds
      map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [8, 8] })
    } else {
      map.setView([52.19, -2.22], 13)
    }
    return map
  }

  const listSection = document.getElementById('asset-map-section')
  if (listSection) {
    const settings = JSON.parse(document.getElementById('asset-map-settings').textContent)
    listSection.hidden = false
    const map = baseMap('asset-map', settings)
    const layer = L.geoJSON(JSON.parse(settings.features), {
      pointToLayer: function (feature, latlng) {
        const safe = feature.properties.safe_place
        return L.circleMarker(latlng, {
          radius: safe ? 9 : 7, color: '#0b0c0c', weight: 2, fillOpacity: 0.9,
          fillColor: safe ? '#28a197' : '#1d70b8'
        })
      },
      onEachFeature: function (feature, marker) {
        const p = feature.properties
        marker.bindTooltip(p.name + (p.safe_place ? ' (Safe Place)' : ''))
        marker.on('click', function () { window.location.href = p.url })
      }
    }).addTo(map)
    if (layer.getLayers().length) map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 16 })
  }

  const pickSection = document.getElementById('asset-pick-section')
  if (pickSection) {
    const settings = JSON.parse(document.getElementById('asset-pick-settings').textContent)
    const latitude = document.getElementById('id_latitude')
    const longitude = document.getElementById('id_longitude')
    const status = document.getElementById('asset-pick-status')
    pickSection.hidden = false
    const map = baseMap('asset-pick-map', settings)
    let marker = null
    function place (latlng, message) {
      if (marker) marker.setLatLng(latlng)
      else marker = L.marker(latlng, { keyboard: false, alt: 'The place you selected' }).addTo(map)
      latitude.value = latlng.lat.toFixed(6)
      longitude.value = latlng.lng.toFixed(6)
      status.textContent = message
    }
    map.on('click', function (event) {
      place(event.latlng, 'Place selected: the latitude and longitude are filled in.')
    })
    if (latitude.value && longitude.value) {
      const chosen = L.latLng(parseFloat(latitude.value), parseFloat(longitude.value))
      place(chosen, 'The asset is marked on the map.')
      map.setView(chosen, 16)
    }
  }
})()
