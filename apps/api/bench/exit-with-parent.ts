// Preloaded into every server the bench starts (`--import`): when the bench process goes away, even
// killed outright, the IPC channel closes and the server stops as it would on SIGTERM.
process.channel?.unref()
process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'))
