function boom() error("cell failure") end
