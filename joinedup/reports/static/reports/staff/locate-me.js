// "Use my location": fills the longitude and latitude boxes from the phone's position.
// Progressive enhancement: the button stays hidden without JavaScript or geolocation.
(function () {
  if (!('geolocation' in navigator)) return
  document.querySelectorAll('.app-locate').forEach(function (block) {
    const lon = document.getElementById(block.dataset.longitude)
    const lat = document.getElementById(block.dataset.latitude)
    const button = block.querySelector('button')
    const status = block.querySelector('[role="status"]')
    if (!lon || !lat || !button) return
    block.hidden = false
    button.addEventListener('click', function () {
      status.textContent = 'Finding your location…'
      navigator.geolocation.getCurrentPosition(function (position) {
        lon.value = position.coords.longitude.toFixed(6)
        lat.value = position.coords.latitude.toFixed(6)
        status.textContent = 'Location found (to within ' + Math.round(position.coords.accuracy) + ' metres).'
      }, function () {
        status.textContent = 'Your location could not be found. Enter the street or choose the ward.'
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 })
    })
  })
})()
