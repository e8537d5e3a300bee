// Draws the orders in force over the partnership's ward boundaries. The list on the page is the real
// content: the map only shows where each order applies, and selecting one jumps to it in the list.
(function () {
  const element = document.getElementById('pspo-map')
  if (!element || !window.L) return
  const layers = JSON.parse(document.getElementById('pspo-map-layers').textContent)
  const settings = JSON.parse(document.getElementById('pspo-map-settings').textContent)

  const map = L.map(element, { scrollWheelZoom: false, attributionControl: true })
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>')
  if (settings.tiles) {
    L.tileLayer(settings.tiles, { maxZoom: 19, attribution: settings.attribution }).addTo(map)
  }
  map.attributionControl.addAttribution('Boundaries: ONS, OS © Crown copyright; Martin Chorley, CC BY 4.0')

  const bounds = L.latLngBounds([])
  const wards = L.geoJSON(JSON.parse(layers.wards), {
    style: { color: '#505a5f', weight: 1, fillOpacity: 0 },
    interactive: false
  }).addTo(map)
  bounds.extend(wards.getBounds())
  const orders = L.geoJSON(JSON.parse(layers.orders), {
    style: { color: '#d4351c', weight: 3, fillColor: '#d4351c', fillOpacity: 0.15 },
    onEachFeature: function (feature, layer) {
      layer.bindTooltip(feature.properties.name, { sticky: true })
      layer.on('click', function () { window.location.hash = feature.properties.url.split('#')[1] })
    }
  }).addTo(map)
  if (orders.getLayers().length) bounds.extend(orders.getBounds())
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12] })
})()
