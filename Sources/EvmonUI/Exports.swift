// Geometry and keys are part of the model (the reducer pages by pane height); re-exported so
// renderer users need one import.
@_exported import EvmonCore
