// Draws the page's area layers with Leaflet. Works with no tile server: boundaries alone.
(function () {
  const element = document.getElementById('area-map')
  if (!element || !window.L) return
  const layers = JSON.parse(document.getElementById('area-map-layers').textContent)
  const settings = JSON.parse(document.getElementById('area-map-settings').textContent)

  const map = L.map(element, { scrollWheelZoom: false, attributionControl: true })
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>')
  if (settings.tiles) {
    L.tileLayer(settings.tiles, { maxZoom: 19, attribution: settings.attribution }).addTo(map)
  }
  map.attributionControl.addAttribution('Boundaries: ONS, OS © Crown copyright; Martin Chorley, CC BY 4.0')

  const bounds = L.latLngBounds([])
  function bindName (feature, layer) {
    const props = feature.properties
    layer.bindTooltip(props.name, { sticky: true })
    if (props.url) {
      layer.on('click', function () { window.location.href = props.url })
    }
  }
  if (layers.areas) {
    const outline = L.geoJSON(JSON.parse(layers.areas), {
      style: { color: '#1d70b8', weight: 2, fillColor: '#1d70b8', fillOpacity: 0.08 },
      onEachFeature: bindName
    }).addTo(map)
    bounds.extend(outline.getBounds())
  }
  if (layers.focus) {
    const focus = L.geoJSON(JSON.parse(layers.focus), {
      style: { color: '#0b0c0c', weight: 4, fillOpacity: 0 },
      interactive: false
    }).addTo(map)
    bounds.extend(focus.getBounds())
  }
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12] })
})()
