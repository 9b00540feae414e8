import EvmonCommands
await EvmonMain.run()
